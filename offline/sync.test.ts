import { anyApi } from "convex/server";
import { describe, expect, test } from "vitest";
import { eventually, fixtures, signedIn, watch, type Balance } from "./testing/clients";
import { backendForSuite } from "./testing/suite";

/*
 * Conformance of the WebSocket sync protocol, with the `convex` package's own
 * ConvexClient against a running offline suite.backend.
 */

const suite = backendForSuite("sync");

async function user(name: string) {
  const session = await signedIn(suite.backend.apiUrl, name);
  suite.clients.push(session.client);
  return session;
}

async function secondClient(name: string) {
  return (await user(name)).client;
}

describe("subscriptions", () => {
  test("a subscriber sees another client's mutation", async () => {
    const { client } = await user("Sub Scriber");
    const other = await secondClient("Sub Scriber");
    const balance = watch<Balance>(client, anyApi.credits.balance);
    await balance.until((b) => b.remaining === 100);
    await other.mutation(fixtures.grantEachRun, {});
    await balance.until((b) => b.remaining === 101);
    balance.stop();
  });

  test("when a mutation resolves, the caller's subscriptions already show its write", async () => {
    const { client } = await user("Reader Writer");
    const balance = watch<Balance>(client, anyApi.credits.balance);
    await balance.until((b) => b.remaining === 100);
    for (let expected = 101; expected <= 105; expected++) {
      await client.mutation(fixtures.grantEachRun, {});
      expect(balance.latest()?.remaining).toBe(expected);
    }
    balance.stop();
  });

  test("an action's runMutation commits reach a subscriber one by one, in order", async () => {
    const { client } = await user("Stream Watcher");
    const other = await secondClient("Stream Watcher");
    const balance = watch<Balance>(client, anyApi.credits.balance);
    await balance.until((b) => b.remaining === 100);
    const steps = await other.action(fixtures.grantInSteps, { steps: 5, pauseMs: 120, key: "stream" });
    const seenWhileRunning = balance.values.map((b) => b.remaining);
    expect(steps).toBe(5);
    await balance.until((b) => b.remaining === 105);
    const seen = balance.values.map((b) => b.remaining);
    // Strictly increasing: never out of order, never a step reported twice.
    expect(seen).toEqual([...new Set(seen)].sort((a, b) => a - b));
    // Intermediate states arrived while the action was still running.
    expect(seenWhileRunning.some((value) => value > 100 && value < 105)).toBe(true);
    balance.stop();
  });

  test("a scheduled function's write reaches subscribers", async () => {
    const { client } = await user("Sched Uler");
    const balance = watch<Balance>(client, anyApi.credits.balance);
    await balance.until((b) => b.remaining === 100);
    await client.mutation(fixtures.grantLater, { delayMs: 150, key: "later" });
    expect(balance.latest()?.remaining).toBe(100);
    await balance.until((b) => b.remaining === 101);
    balance.stop();
  });

  test("unchanged results are not re-sent when unrelated rows change", async () => {
    const { client } = await user("Quiet Watcher");
    const me = watch<{ name: string }>(client, anyApi.users.me);
    await me.until((value) => value?.name === "Quiet Watcher");
    // Inserts a user row: users.me re-runs, finds the same answer, sends nothing.
    const busy = await secondClient("Busy Neighbour");
    const balance = watch<Balance>(busy, anyApi.credits.balance);
    await balance.until((b) => b.remaining === 100);
    for (let i = 0; i < 3; i++) await busy.mutation(fixtures.grantEachRun, {});
    await balance.until((b) => b.remaining === 103);
    expect(me.values).toHaveLength(1);
    me.stop();
    balance.stop();
  });
});

type LedgerRow = { _id: string; amount: number };
type PaginatedView = { results: LedgerRow[]; status: string; loadMore: (n: number) => boolean };

describe("pagination", () => {
  test("loaded pages stay gapless while rows are inserted into them", async () => {
    const { client, http } = await user("Page Turner");
    for (let i = 0; i < 6; i++) await client.mutation(fixtures.grantEachRun, {});
    // 7 ledger rows, newest first; load them in pages of 3.
    const views: PaginatedView[] = [];
    const unsubscribe = client.onPaginatedUpdate_experimental(
      anyApi.usage.history,
      {},
      { initialNumItems: 3 },
      (view) => views.push(view as unknown as PaginatedView),
    );
    const latest = () => views.at(-1);
    await eventually(() => latest()?.results.length === 3, () => JSON.stringify(latest()));
    latest()!.loadMore(3);
    await eventually(() => latest()?.results.length === 6, () => JSON.stringify(latest()));
    latest()!.loadMore(3);
    await eventually(() => latest()?.status === "Exhausted", () => JSON.stringify(latest()?.status));
    expect(latest()!.results).toHaveLength(7);

    // New rows land at the top of the first page; no page may lose a row to the next.
    for (let i = 0; i < 4; i++) await client.mutation(fixtures.grantEachRun, {});
    const all = (await http.query(anyApi.usage.history, { paginationOpts: { numItems: 100, cursor: null } })) as {
      page: LedgerRow[];
    };
    expect(all.page).toHaveLength(11);
    const ids = all.page.map((row) => row._id);
    await eventually(
      () => latest()?.results.map((row) => row._id).join() === ids.join(),
      () => `pages ${JSON.stringify(latest()?.results.map((r) => r._id))} to equal ${JSON.stringify(ids)}`,
    );
    unsubscribe();
  });
});

describe("connection loss", () => {
  test("after the server drops the socket the client reconnects and catches up", async () => {
    const { client } = await user("Re Connect");
    const other = await secondClient("Re Connect");
    const balance = watch<Balance>(client, anyApi.credits.balance);
    await balance.until((b) => b.remaining === 100);
    const dropped = await fetch(`${suite.backend.apiUrl}/_helm/testing/drop-sockets`, { method: "POST" });
    expect(dropped.status).toBe(200);
    // Written while the subscriber is (re)connecting.
    await other.mutation(fixtures.grantEachRun, {});
    await balance.until((b) => b.remaining === 101);
    await client.mutation(fixtures.grantEachRun, {});
    await balance.until((b) => b.remaining === 102);
    balance.stop();
  });

  test("a mutation whose response was lost is re-sent on reconnect and runs once", async () => {
    const { client, http } = await user("Lost Response");
    await fetch(`${suite.backend.apiUrl}/_helm/testing/drop-next-mutation-response`, { method: "POST" });
    await client.mutation(fixtures.grantEachRun, {});
    const balance = (await http.query(anyApi.credits.balance, {})) as Balance;
    expect(balance.remaining).toBe(101);
  });
});
