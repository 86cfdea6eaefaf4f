import { anyApi } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { removeDataDir, startBackendProcess, tempDataDir, type BackendProcess } from "./testing/backend-process";
import { connect, fixtures, signedIn, watch, type Balance } from "./testing/clients";

/*
 * Convex's runtime rules, through the real clients: a bounded number of
 * scheduled functions at once, time limits, and user code that can fail its
 * own function but never the backend. Limits are lowered through the backend
 * process's environment so the tests stay short.
 */

type Job = { name: string; key: string | null; state: string };

const stateOf = (jobs: Job[], key: string) => jobs.find((job) => job.key === key)?.state;
const runningAmong = (jobs: Job[], keys: string[]) =>
  jobs.filter((job) => job.key !== null && keys.includes(job.key) && job.state === "inProgress").length;

describe("scheduled functions", () => {
  const dataDir = tempDataDir("scheduler");
  let backend: BackendProcess;

  beforeAll(async () => {
    backend = await startBackendProcess({ dataDir, env: { HELM_SCHEDULER_CONCURRENCY: "2" } });
  });

  afterAll(async () => {
    await backend?.stop();
    await removeDataDir(dataDir);
  });

  test("with two slots, the third due function waits until one frees, then runs", async () => {
    const { client } = await connect(backend.apiUrl);
    const jobs = watch<Job[]>(client, fixtures.scheduledJobs);
    const keys = ["held-1", "held-2", "held-3"];
    await client.mutation(fixtures.scheduleHeldJobs, { keys });

    const full = await jobs.until((value) => runningAmong(value, keys) === 2);
    expect(stateOf(full, "held-1")).toBe("inProgress");
    expect(stateOf(full, "held-2")).toBe("inProgress");
    expect(stateOf(full, "held-3")).toBe("pending");

    await client.action(fixtures.releaseHeldJob, { key: "held-1" });
    const next = await jobs.until((value) => stateOf(value, "held-3") === "inProgress");
    expect(stateOf(next, "held-1")).toBe("success");

    await client.action(fixtures.releaseHeldJob, { key: "held-2" });
    await client.action(fixtures.releaseHeldJob, { key: "held-3" });
    await jobs.until((value) => keys.every((key) => stateOf(value, key) === "success"));
    expect(Math.max(...jobs.values.map((value) => runningAmong(value, keys)))).toBe(2);
    // What the jobs themselves saw running when each started.
    expect(await client.action(fixtures.peakOfHeldJobs, {})).toBe(2);
    jobs.stop();
    await client.close();
  });

  test("a scheduled function that cancels itself ends canceled, and the backend keeps serving", async () => {
    const { client } = await connect(backend.apiUrl);
    const jobs = watch<Job[]>(client, fixtures.scheduledJobs);
    for (const kind of ["mutation", "action"] as const) {
      const key = `self-cancel-${kind}`;
      await client.mutation(fixtures.scheduleSelfCancelling, { key, kind });
      await jobs.until((value) => stateOf(value, key) === "canceled");
    }
    // Still answering, and nothing went wrong in the scheduler.
    await client.mutation(fixtures.scheduleHeldJobs, { keys: [] });
    expect(backend.output()).not.toMatch(/invariant|unexpected state/i);
    jobs.stop();
    await client.close();
  });
});

describe("time limits and uncaught errors", () => {
  const dataDir = tempDataDir("limits");
  let backend: BackendProcess;

  beforeAll(async () => {
    backend = await startBackendProcess({
      dataDir,
      env: { HELM_ACTION_TIMEOUT_MS: "1000", HELM_QUERY_TIMEOUT_MS: "200" },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await removeDataDir(dataDir);
  });

  test("an error an action leaves uncaught fails that action, and the backend serves the next call", async () => {
    const { client } = await connect(backend.apiUrl);
    await expect(client.action(fixtures.leavesUncaughtError, { how: "timer" })).rejects.toThrow(
      /Uncaught uncaughtException: thrown from a timer/,
    );
    await expect(client.action(fixtures.leavesUncaughtError, { how: "rejection" })).rejects.toThrow(
      /Uncaught unhandledRejection: rejected, never awaited/,
    );
    expect(await client.query(fixtures.scheduledJobs, {})).toEqual(expect.any(Array));
    await client.close();
  });

  test("a hanging action ends at the action time limit with Convex's message", async () => {
    const { client } = await connect(backend.apiUrl);
    await expect(client.action(fixtures.hangs, {})).rejects.toThrow(
      "Action `hangs` execution timed out (maximum duration 1s)",
    );
    await client.close();
  });

  test("a mutation over its time limit fails with Convex's message, rolls back, and frees the database", async () => {
    const alice = await signedIn(backend.apiUrl, "Alice");
    await expect(
      alice.client.mutation(fixtures.grantThenCompute, { key: "slow", steps: 500, busyMs: 20 }),
    ).rejects.toThrow("Function execution timed out (maximum duration: 200ms)");
    // Its grant was rolled back, and later transactions are not blocked.
    expect(((await alice.http.query(anyApi.credits.balance, {})) as Balance).remaining).toBe(100);
    await alice.client.mutation(fixtures.grantThenCompute, { key: "quick", steps: 1, busyMs: 0 });
    expect(((await alice.http.query(anyApi.credits.balance, {})) as Balance).remaining).toBe(101);
    await alice.client.close();
  });

  test("a query waiting on nothing is ended too, so later transactions run", async () => {
    const bob = await signedIn(backend.apiUrl, "Bob");
    await expect(bob.http.query(fixtures.waitsForever, {})).rejects.toThrow(
      "Function execution timed out (maximum duration: 200ms)",
    );
    await bob.client.mutation(fixtures.grantThenCompute, { key: "after-wait", steps: 0, busyMs: 0 });
    expect(((await bob.http.query(anyApi.credits.balance, {})) as Balance).remaining).toBe(101);
    await bob.client.close();
  });
});
