import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, describe, expect, test } from "vitest";
import { removeDataDir, startBackendProcess, tempDataDir, type BackendProcess } from "./testing/backend-process";
import { eventually, fixtures, signedIn, type Balance } from "./testing/clients";

/* Data in the data folder survives restarts; --reset starts over. */

const dataDir = tempDataDir("persist");
let running: BackendProcess | undefined;

afterAll(async () => {
  await running?.stop();
  await removeDataDir(dataDir);
});

async function restart(options: { reset?: boolean } = {}) {
  await running?.stop();
  running = await startBackendProcess({ dataDir, ...options });
  return running;
}

describe("persistence", () => {
  test("a restart keeps documents, ids, sign-in keys and pending scheduled functions", async () => {
    const first = await restart();
    const alice = await signedIn(first.apiUrl, "Alice");
    await alice.client.mutation(fixtures.grantEachRun, {});
    await alice.client.mutation(fixtures.grantEachRun, {});
    // Due shortly after the backend has stopped: it must run after the restart.
    await alice.client.mutation(fixtures.grantLater, { delayMs: 1500, key: "after-restart" });
    await alice.client.close();
    const tokenFromFirstRun = alice.token;

    const second = await restart();
    expect(second.output()).toMatch(/Rescheduled 1 scheduled function/);
    const http = new ConvexHttpClient(second.apiUrl);
    http.setAuth(tokenFromFirstRun);
    expect(await http.query(anyApi.users.me, {})).toMatchObject({ _id: alice.userId, name: "Alice" });
    expect(((await http.query(anyApi.credits.balance, {})) as Balance).remaining).toBeGreaterThanOrEqual(102);
    let remaining = 0;
    await eventually(
      async () => (remaining = ((await http.query(anyApi.credits.balance, {})) as Balance).remaining) === 103,
      () => `the rescheduled grant to land (balance ${remaining})`,
    );
    const files = await readdir(dataDir);
    expect(files).toContain("db.json");
    expect(files.filter((file) => file.endsWith(".tmp"))).toEqual([]);
  });

  test("--reset starts with an empty database", async () => {
    const fresh = await restart({ reset: true });
    const http = new ConvexHttpClient(fresh.apiUrl);
    const alice = await signedIn(fresh.apiUrl, "Alice");
    http.setAuth(alice.token);
    expect(((await http.query(anyApi.credits.balance, {})) as Balance).remaining).toBe(100);
    await alice.client.close();
    expect(existsSync(join(dataDir, "dev-auth-key.json"))).toBe(true);
  });
});
