import { existsSync } from "node:fs";
import { copyFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import Database from "better-sqlite3";
import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, describe, expect, test } from "vitest";
import { decodeTs } from "./sync/protocol";
import { removeDataDir, startBackendProcess, tempDataDir, type BackendProcess } from "./testing/backend-process";
import { eventually, fixtures, signedIn, type Balance } from "./testing/clients";

/* Data in the data folder survives restarts; --reset starts over; an old db.json is imported once. */

const dataDirs: string[] = [];
let running: BackendProcess | undefined;

afterAll(async () => {
  await running?.stop();
  for (const dir of dataDirs) await removeDataDir(dir);
});

function newDataDir(label: string) {
  const dir = tempDataDir(label);
  dataDirs.push(dir);
  return dir;
}

async function restart(dataDir: string, options: { reset?: boolean } = {}) {
  await running?.stop();
  running = await startBackendProcess({ dataDir, ...options });
  return running;
}

/** The backend's latest ts (`/api/query_ts`, as the HTTP client asks for it). */
async function latestTs(apiUrl: string): Promise<number> {
  const response = await fetch(`${apiUrl}/api/query_ts`, { method: "POST" });
  return decodeTs(((await response.json()) as { ts: string }).ts);
}

async function balanceOf(apiUrl: string, token: string) {
  const http = new ConvexHttpClient(apiUrl);
  http.setAuth(token);
  return ((await http.query(anyApi.credits.balance, {})) as Balance).remaining;
}

/** Writes what the database holds as the whole-database JSON file earlier versions kept (format 1). */
async function writeLegacySnapshot(dataDir: string) {
  const db = new Database(join(dataDir, "db.sqlite"), { readonly: true });
  const documents = db.prepare<[], { json: string }>("SELECT json FROM documents WHERE component = ''").all();
  const counters = JSON.parse(
    (db.prepare("SELECT value FROM meta WHERE key = 'counters:'").get() as { value: string }).value,
  ) as { nextDocId: number; lastCreationTime: number };
  const lastCommitTs = (db.prepare("SELECT value FROM meta WHERE key = 'lastCommitTs'").get() as { value: string }).value;
  db.close();
  const snapshot = {
    format: 1,
    savedAt: new Date().toISOString(),
    nextDocId: counters.nextDocId,
    lastCreationTime: counters.lastCreationTime,
    lastCommitTs,
    documents: documents.map((row) => JSON.parse(row.json) as unknown),
    files: {},
  };
  for (const name of ["db.sqlite", "db.sqlite-wal", "db.sqlite-shm"]) await rm(join(dataDir, name), { force: true });
  await writeFile(join(dataDir, "db.json"), JSON.stringify(snapshot));
}

describe("persistence", () => {
  const dataDir = newDataDir("persist");

  test("a restart keeps documents, ids, sign-in keys and pending scheduled functions", { timeout: 120_000 }, async () => {
    const first = await restart(dataDir);
    const alice = await signedIn(first.apiUrl, "Alice");
    await alice.client.mutation(fixtures.grantEachRun, {});
    await alice.client.mutation(fixtures.grantEachRun, {});
    // Due shortly after the backend has stopped: it must run after the restart.
    await alice.client.mutation(fixtures.grantLater, { delayMs: 1500, key: "after-restart" });
    await alice.client.close();
    const tsBefore = await latestTs(first.apiUrl);

    const second = await restart(dataDir);
    // The ts a client saw never runs ahead of the restarted backend (Convex refuses such a client).
    expect(await latestTs(second.apiUrl)).toBeGreaterThan(tsBefore);
    expect(second.output()).toMatch(/Rescheduled 1 scheduled function/);
    const http = new ConvexHttpClient(second.apiUrl);
    http.setAuth(alice.token);
    expect(await http.query(anyApi.users.me, {})).toMatchObject({ _id: alice.userId, name: "Alice" });
    expect(await balanceOf(second.apiUrl, alice.token)).toBeGreaterThanOrEqual(102);
    let remaining = 0;
    await eventually(
      async () => (remaining = await balanceOf(second.apiUrl, alice.token)) === 103,
      () => `the rescheduled grant to land (balance ${remaining})`,
    );

    // The rescheduled job replaced the old one: a further restart runs nothing again.
    const third = await restart(dataDir);
    expect(third.output()).not.toMatch(/Rescheduled/);
    expect(await balanceOf(third.apiUrl, alice.token)).toBe(103);
    const bob = await signedIn(third.apiUrl, "Bob");
    await bob.client.close();
    expect(bob.userId).not.toBe(alice.userId);
    expect(await readdir(dataDir)).toContain("db.sqlite");
  });

  test("--reset starts with an empty database", async () => {
    const fresh = await restart(dataDir, { reset: true });
    const alice = await signedIn(fresh.apiUrl, "Alice");
    expect(await balanceOf(fresh.apiUrl, alice.token)).toBe(100);
    await alice.client.close();
    expect(existsSync(join(dataDir, "dev-auth-key.json"))).toBe(true);
  });
});

describe("an old db.json", () => {
  const dataDir = newDataDir("legacy");

  test("is imported once, then set aside", { timeout: 120_000 }, async () => {
    const original = await restart(dataDir);
    const alice = await signedIn(original.apiUrl, "Alice");
    await alice.client.mutation(fixtures.grantEachRun, {});
    await alice.client.close();
    await running?.stop();
    await writeLegacySnapshot(dataDir);

    const imported = await restart(dataDir);
    expect(imported.output()).toMatch(/Imported .*db\.json/);
    const http = new ConvexHttpClient(imported.apiUrl);
    http.setAuth(alice.token);
    expect(await http.query(anyApi.users.me, {})).toMatchObject({ _id: alice.userId, name: "Alice" });
    expect(await balanceOf(imported.apiUrl, alice.token)).toBe(101);
    const files = await readdir(dataDir);
    expect(files).toContain("db.json.imported");
    expect(files).not.toContain("db.json");
    await http.mutation(fixtures.grantEachRun, {});

    // The same file turning up again must not roll the database back.
    await running?.stop();
    await copyFile(join(dataDir, "db.json.imported"), join(dataDir, "db.json"));
    const again = await restart(dataDir);
    expect(again.output()).not.toMatch(/Imported/);
    expect(await balanceOf(again.apiUrl, alice.token)).toBe(102);
    expect(await readdir(dataDir)).not.toContain("db.json");
  });
});
