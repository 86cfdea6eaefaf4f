import { ConvexHttpClient } from "convex/browser";
import { describe, expect, test } from "vitest";
import { connect, fixtures, signedIn, watch } from "./testing/clients";
import { backendForSuite } from "./testing/suite";

/*
 * Reads at one timestamp: all the queries of one Transition, and
 * ConvexHttpClient's consistentQuery calls, see one version of the data even
 * when a commit lands between two of them (made deterministic with the
 * `commit-after-next-query` test hook).
 */

const suite = backendForSuite("consistency");
const A = "_fixtures/conformance:counterA";
const B = "_fixtures/conformance:counterB";

async function commitAfterNextQuery(query: string) {
  const response = await fetch(`${suite.backend.apiUrl}/_helm/testing/commit-after-next-query`, {
    method: "POST",
    body: JSON.stringify({ query, mutation: "_fixtures/conformance:bumpCounter" }),
  });
  expect(response.status).toBe(200);
}

describe("a Transition reads one version", () => {
  test("two queries of one Transition agree even when a commit lands between their runs", async () => {
    const { client } = await connect(suite.backend.apiUrl);
    suite.clients.push(client);
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
    const writer = await signedIn(suite.backend.apiUrl, "Writer");
    suite.clients.push(writer.client);
    const http = new ConvexHttpClient(suite.backend.apiUrl);
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
    expect(await new ConvexHttpClient(suite.backend.apiUrl).query(fixtures.counterB, {})).toBe(first + 1);
  });
});
