import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { convexTest } from "convex-test";
import type { GenericMutationCtx, GenericDataModel, StorageActionWriter } from "convex/server";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { captureInternals, type ConvexTestInternals, type StoredDocument } from "../engine/internals";
import { persistCommits } from "./durable-commits";
import { loadStore } from "./load";
import { SqliteStore } from "./sqlite-store";

/* What reaches the database file, commit by commit, and what comes back from it. */

type Ctx = GenericMutationCtx<GenericDataModel> & { storage: StorageActionWriter };
type Harness = {
  run: <T>(fn: (ctx: Ctx) => Promise<T>) => Promise<T>;
  internals: ConvexTestInternals;
};

const MODULES = { "./_generated/api.js": async () => ({}) };
let dir: string;
const opened: SqliteStore[] = [];
const detachers: Array<() => void> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "helm-store-"));
});
afterEach(() => {
  for (const detach of detachers.splice(0)) detach();
  for (const store of opened.splice(0)) store.close();
  rmSync(dir, { recursive: true, force: true });
});

function openStore() {
  const store = SqliteStore.open(join(dir, "db.sqlite"));
  opened.push(store);
  return store;
}

/** A convex-test instance loaded from and writing to `store`. */
async function harness(store: SqliteStore, components: string[] = []): Promise<Harness> {
  const t = convexTest(undefined, MODULES) as unknown as {
    run: Harness["run"];
    registerComponent: (path: string, schema: null, modules: typeof MODULES) => void;
  };
  for (const path of components) t.registerComponent(path, null, MODULES);
  const { internals } = await captureInternals(t as never);
  loadStore(internals, store);
  detachers.push(persistCommits(internals, store, { onUndo: () => {} }));
  return { run: (fn) => t.run(fn), internals };
}

function rowCount(table: string): number {
  const db = new Database(join(dir, "db.sqlite"), { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("durable commits", () => {
  test("a commit writes exactly the documents it inserted, changed or deleted", async () => {
    const store = openStore();
    const write = vi.spyOn(store, "write");
    const { run } = await harness(store);
    const ids = await run(async (ctx) => {
      const made = [];
      for (let i = 0; i < 50; i++) made.push(await ctx.db.insert("notes", { i }));
      return made;
    });
    expect(write).toHaveBeenCalledTimes(1);
    expect(write.mock.calls[0][0].documents).toHaveLength(50);

    await run(async (ctx) => {
      await ctx.db.patch(ids[3], { i: 1000 });
      await ctx.db.delete(ids[4]);
      await ctx.db.query("notes").collect();
    });
    expect(write).toHaveBeenCalledTimes(2);
    const second = write.mock.calls[1][0].documents;
    expect(second.map((doc) => [doc.id, doc.json === null])).toEqual([
      [ids[3], false],
      [ids[4], true],
    ]);
    expect(JSON.parse(second[0].json!)).toMatchObject({ _id: ids[3], i: 1000 });

    await run(async (ctx) => await ctx.db.query("notes").collect());
    expect(write).toHaveBeenCalledTimes(2);
    expect(rowCount("documents")).toBe(49);
  });

  test("a reopened store gives back the documents, the next id and the commit clock", async () => {
    const store = openStore();
    const first = await harness(store);
    const id = await first.run(async (ctx) => await ctx.db.insert("notes", { text: "kept", big: 2n ** 60n }));
    await first.run(async (ctx) => void (await ctx.db.insert("notes", { text: "second" })));
    const root = first.internals.components[""].db;
    const before = {
      nextDocId: root._nextDocId,
      lastCreationTime: root._lastCreationTime,
      lastCommitTs: first.internals.transactionManager._lastCommitTs,
    };
    store.close();

    const second = await harness(openStore());
    const reloaded = second.internals.components[""].db;
    expect(reloaded._nextDocId).toBe(before.nextDocId);
    expect(reloaded._lastCreationTime).toBe(before.lastCreationTime);
    expect(second.internals.transactionManager._lastCommitTs).toBe(before.lastCommitTs);
    expect(await second.run(async (ctx) => await ctx.db.get(id))).toMatchObject({ text: "kept", big: 2n ** 60n });
    const next = await second.run(async (ctx) => await ctx.db.insert("notes", { text: "third" }));
    expect(Number.parseInt(next, 10)).toBe(before.nextDocId);
  });

  test("one commit writing to two components is one write, keyed by component", async () => {
    const store = openStore();
    const write = vi.spyOn(store, "write");
    const { run, internals } = await harness(store, ["rateLimiter"]);
    const [rootId, componentId] = await run(async (ctx) => {
      const inRoot = await ctx.db.insert("limits", { owner: "app" });
      const inComponent = internals.components.rateLimiter.db as unknown as {
        insert: (table: string, value: object) => string;
      };
      return [inRoot, inComponent.insert("limits", { owner: "component" })];
    });
    // Each component counts ids on its own: the same id names two documents.
    expect(componentId).toBe(rootId);
    expect(write).toHaveBeenCalledTimes(1);
    expect(write.mock.calls[0][0].documents.map((doc) => doc.component).sort()).toEqual(["", "rateLimiter"]);
    store.close();

    const reopened = await harness(openStore(), ["rateLimiter"]);
    const docOf = (component: string) => reopened.internals.components[component].db._documents[rootId] as StoredDocument;
    expect(docOf("")).toMatchObject({ owner: "app" });
    expect(docOf("rateLimiter")).toMatchObject({ owner: "component" });
  });

  test("when SQLite refuses the write, the commit fails and its changes are gone", async () => {
    const store = openStore();
    const { run } = await harness(store);
    const kept = await run(async (ctx) => await ctx.db.insert("notes", { text: "before" }));
    const other = new Database(join(dir, "db.sqlite"));
    other.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON documents BEGIN SELECT RAISE(ABORT, 'disk is full'); END",
    );
    await expect(
      run(async (ctx) => {
        await ctx.db.patch(kept, { text: "changed" });
        await ctx.db.insert("notes", { text: "lost" });
      }),
    ).rejects.toThrow(/could not save this commit.*disk is full/);
    const notes = await run(async (ctx) => await ctx.db.query("notes").collect());
    expect(notes.map((note) => note.text)).toEqual(["before"]);

    other.exec("DROP TRIGGER refuse");
    other.close();
    await run(async (ctx) => void (await ctx.db.insert("notes", { text: "after" })));
    expect(rowCount("documents")).toBe(2);
  });

  test("stored files are written with their document and deleted with it", async () => {
    const store = openStore();
    const { run } = await harness(store);
    const storageId = await run(async (ctx) => await ctx.storage.store(new Blob(["hello, file"])));
    expect(rowCount("files")).toBe(1);
    store.close();

    const reopened = await harness(openStore());
    const text = await reopened.run(async (ctx) => await (await ctx.storage.get(storageId))?.text());
    expect(text).toBe("hello, file");
    await reopened.run(async (ctx) => await ctx.storage.delete(storageId));
    expect(rowCount("files")).toBe(0);
  });
});
