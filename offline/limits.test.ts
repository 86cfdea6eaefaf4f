import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
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

  test("a Transition over 5 MB reaches the client in TransitionChunks of at most 5 MB, and it reassembles them", async () => {
    // As Convex's local_backend (subs/mod.rs: maybe_split_transition) does for npm clients from 1.28.0.
    const frames: Array<{ type: string; chunkBytes: number; partNumber?: number; totalParts?: number; transitionId?: string }> = [];
    class Recording extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.on("message", (data: WebSocket.RawData) => {
          const text = data.toString();
          const { type, chunk, partNumber, totalParts, transitionId } = JSON.parse(text) as { type: string; chunk?: string } & (typeof frames)[number];
          frames.push({ type, chunkBytes: Buffer.byteLength(chunk ?? ""), partNumber, totalParts, transitionId });
        });
      }
    }
    const watcher = new ConvexClient(backend.apiUrl, { logger: false, webSocketConstructor: Recording as unknown as typeof globalThis.WebSocket });
    try {
      const length = 6 * MiB;
      const value = await new Promise<string>((resolve) => {
        const stop = watcher.onUpdate(fixtures.longText, { length }, (text: string) => {
          stop();
          resolve(text);
        });
      });
      expect(value).toHaveLength(length);
      const parts = frames.filter((f) => f.type === "TransitionChunk");
      expect(parts.map((p) => [p.partNumber, p.totalParts])).toEqual([[0, 2], [1, 2]]);
      // Parts of at most 5,000,000 bytes of the whole message, whose length is the transition's id.
      expect(parts[0].chunkBytes).toBe(5_000_000);
      expect(parts[0].chunkBytes + parts[1].chunkBytes).toBe(Number(parts[0].transitionId));
      expect(parts[1].transitionId).toBe(parts[0].transitionId);
      // A smaller result travels whole.
      await watcher.query(fixtures.longText, { length: MiB });
      expect(frames.filter((f) => f.type === "TransitionChunk")).toHaveLength(2);
    } finally {
      await watcher.close();
    }
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
