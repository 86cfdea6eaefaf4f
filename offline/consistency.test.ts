import { ConvexHttpClient, type ConvexClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { removeDataDir, startBackendProcess, tempDataDir, type BackendProcess } from "./testing/backend-process";
import { connect, fixtures, signedIn, watch } from "./testing/clients";

/*
 * Reads at one timestamp: all the queries of one Transition, and
 * ConvexHttpClient's consistentQuery calls, see one version of the data even
 * when a commit lands between two of them (made deterministic with the
 * `commit-after-next-query` test hook).
 */

let backend: BackendProcess;
const clients: ConvexClient[] = [];
const A = "_fixtures/conformance:counterA";
const B = "_fixtures/conformance:counterB";

beforeAll(async () => {
  backend = await startBackendProcess({ dataDir: tempDataDir("consistency") });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await backend?.stop();
  await removeDataDir(backend.dataDir);
});

async function commitAfterNextQuery(query: string) {
  const response = await fetch(`${backend.apiUrl}/_helm/testing/commit-after-next-query`, {
    method: "POST",
    body: JSON.stringify({ query, mutation: "_fixtures/conformance:bumpCounter" }),
  });
  expect(response.status).toBe(200);
}

describe("a Transition reads one version", () => {
  test("two queries of one Transition agree even when a commit lands between their runs", async () => {
    const { client } = await connect(backend.apiUrl);
    clients.push(client);
    const seen: Array<[unknown, unknown]> = [];
    client.client.addOnTransitionHandler(() => {
      seen.push([client.client.localQueryResult(A, {}), client.client.localQueryResult(B, {})]);
    });
    const a = watch<number>(client, fixtures.counterA);
    const b = watch<number>(client, fixtures.counterB);
    const start = await a.until(() => true);
    await b.until((value) => value === start);

    await commitAfterNextQuery(A);
    const bumped = (await client.mutation(fixtures.bumpCounter, {})) as number;
    // The hook's commit landed after counterA's run and before counterB's.
    await a.until((value) => value === bumped + 1);
    await b.until((value) => value === bumped + 1);

    const both = seen.filter(([x, y]) => x !== undefined && y !== undefined);
    expect(both.length).toBeGreaterThan(0);
    for (const [x, y] of both) expect(x).toBe(y);
    expect(both.at(-1)).toEqual([bumped + 1, bumped + 1]);
    a.stop();
    b.stop();
  });
});

describe("ConvexHttpClient.consistentQuery", () => {
  test("reads at the timestamp of its first query, and never answers from a later state", async () => {
    const writer = await signedIn(backend.apiUrl, "Writer");
    clients.push(writer.client);
    const http = new ConvexHttpClient(backend.apiUrl);
    const first = (await http.consistentQuery(fixtures.counterA, {})) as number;
    expect(await http.consistentQuery(fixtures.counterB, {})).toBe(first);

    // A commit that does not touch what the query reads leaves its answer as of the pinned timestamp.
    await writer.client.mutation(fixtures.grantEachRun, {});
    expect(await http.consistentQuery(fixtures.counterB, {})).toBe(first);

    // One that does cannot be undone offline: the request is refused the way
    // Convex refuses a timestamp it no longer has, not answered with the newer value.
    await writer.client.mutation(fixtures.bumpCounter, {});
    const refused = await http.consistentQuery(fixtures.counterB, {}).then(
      (value) => new Error(`answered ${String(value)}`),
      (error: unknown) => error as Error,
    );
    expect(JSON.parse(refused.message)).toEqual({
      code: "InternalServerError",
      message: "Your request couldn't be completed. Try again later.",
    });
    expect(await new ConvexHttpClient(backend.apiUrl).query(fixtures.counterB, {})).toBe(first + 1);
  });
});
