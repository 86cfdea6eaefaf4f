import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { removeDataDir, startBackendProcess, tempDataDir, type BackendProcess } from "./testing/backend-process";
import { fixtures } from "./testing/clients";

/*
 * Conformance: a function over one of Convex's limits fails offline as it
 * would on Convex, with Convex's wording, through the real clients.
 */

const MiB = 1 << 20;
const SCANNED =
  "Too many documents read in a single function execution (limit: 32000). Consider using smaller limits in your " +
  "queries, paginating your queries, or using indexed queries with a selective index range expressions.";

let backend: BackendProcess;
let client: ConvexClient;
let http: ConvexHttpClient;

beforeAll(async () => {
  backend = await startBackendProcess({ dataDir: tempDataDir("limits") });
  client = new ConvexClient(backend.apiUrl, { logger: false });
  http = new ConvexHttpClient(backend.apiUrl, { logger: false });
});

afterAll(async () => {
  await client?.close();
  await backend?.stop();
  await removeDataDir(backend.dataDir);
});

/** `value` wrapped in `depth` objects: `{ a: { a: … value } }`. */
function nested(depth: number, value: unknown = 1): unknown {
  let result = value;
  for (let level = 0; level < depth; level++) result = { a: result };
  return result;
}

describe("Convex's limits offline", () => {
  test("a query scanning more than 32,000 documents fails with Convex's message, also when a filter drops them", async () => {
    // 32,001 rows in four mutations, each well within 16,000 writes.
    for (let from = 0; from < 32_001; from += 8_001) {
      await client.mutation(fixtures.insertRows, { group: "scan", from, count: Math.min(8_001, 32_001 - from) });
    }
    // Found at once: `.first()` stops scanning at the first match.
    expect(await client.query(fixtures.findRow, { group: "scan", n: 0 })).toBe(0);
    // Found last, or not at all: every row was scanned, though the filter returned one or none.
    await expect(client.query(fixtures.findRow, { group: "scan", n: 32_000 })).rejects.toThrow(SCANNED);
    await expect(http.query(fixtures.findRow, { group: "scan", n: -1 })).rejects.toThrow(SCANNED);
  });

  test("a document over 1 MiB fails the mutation with Convex's message and nothing of it is written", async () => {
    const write = client.mutation(fixtures.writeRows, { group: "big", payloads: ["small first", "x".repeat(MiB)] });
    await expect(write).rejects.toThrow("Value is too large (1.00 MiB > maximum size 1 MiB)");
    expect(await client.query(fixtures.countRows, { group: "big" })).toBe(0);
  });

  test("a document nested deeper than 16 levels is refused; 16 levels are stored", async () => {
    // The document is one level, so a payload 15 deep makes 16.
    await client.mutation(fixtures.writeRows, { group: "deep-ok", payloads: [nested(15)] });
    expect(await client.query(fixtures.countRows, { group: "deep-ok" })).toBe(1);

    const tooDeep = client.mutation(fixtures.writeRows, { group: "deep", payloads: [nested(16)] });
    await expect(tooDeep).rejects.toThrow(
      "isn't a valid document: Document is too nested (nested 17 levels deep > maximum nesting 16)",
    );
    expect(await client.query(fixtures.countRows, { group: "deep" })).toBe(0);
  });

  test("arguments nested deeper than 64 levels or holding more than 8,192 elements are refused", async () => {
    await expect(client.mutation(fixtures.writeRows, { group: "args", payloads: [nested(63)] })).rejects.toThrow(
      "Value is too nested (nested 65 levels deep > maximum nesting 64)",
    );
    const longArray = client.mutation(fixtures.writeRows, { group: "args", payloads: new Array(8_193).fill(0) });
    await expect(longArray).rejects.toThrow("Array length is too long (8193 > maximum length 8192)");
    expect(await client.query(fixtures.countRows, { group: "args" })).toBe(0);
  });

  test("arguments over 16 MiB are refused before the function runs", async () => {
    const huge = "x".repeat(16 * MiB);
    await expect(client.mutation(fixtures.writeRows, { group: "huge", payloads: [huge] })).rejects.toThrow(
      "Arguments for _fixtures/conformance.js:writeRows are too large (actual: 16.00 MiB, limit: 16 MiB)",
    );
    expect(await client.query(fixtures.countRows, { group: "huge" })).toBe(0);
  });

  test("a return value over 16 MiB fails the query; 16 MiB exactly is returned", async () => {
    // A string's size is its bytes plus two.
    expect(await http.query(fixtures.longText, { length: 16 * MiB - 2 })).toHaveLength(16 * MiB - 2);
    await expect(http.query(fixtures.longText, { length: 16 * MiB - 1 })).rejects.toThrow(
      "Function _fixtures/conformance.js:longText return value is too large (actual: 16.00 MiB, limit: 16 MiB)",
    );
  });

  test("a function keeps 256 log lines, the last saying the rest were omitted", async () => {
    const response = await fetch(`${backend.apiUrl}/api/query`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ path: "_fixtures/conformance:logLines", args: { count: 300 }, format: "json" }),
    });
    const { logLines } = (await response.json()) as { logLines: string[] };
    expect(logLines).toHaveLength(256);
    expect(logLines[254]).toBe("[LOG] line 255");
    expect(logLines[255]).toBe("[ERROR] Log overflow (maximum 256). Remaining log lines omitted.");
  });
});
