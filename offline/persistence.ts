import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { makeFunctionReference } from "convex/server";
import type { Value } from "convex/values";
import type { Engine } from "./engine/engine";
import type { DatabaseFake } from "./engine/internals";
import { log } from "./log";
import { persistCommits } from "./store/durable-commits";
import { importLegacyJson } from "./store/legacy-json";
import { loadStore, type InterruptedJobs } from "./store/load";
import { SqliteStore, type Synchronous } from "./store/sqlite-store";

export const DATABASE_FILE = "db.sqlite";
/** What earlier versions wrote; imported once. */
export const LEGACY_DATABASE_FILE = "db.json";

type SchedulerCtx = { scheduler: { runAt: (ts: number, ref: unknown, args: Value) => Promise<unknown> } };
type WritableDatabase = DatabaseFake & {
  patch(table: string, id: string, value: Record<string, unknown>): void;
  delete(table: string, id: string): void;
};

/**
 * Keeps the engine's data in `<dataDir>/db.sqlite`: opens it, loads it into
 * the engine, then writes every commit to it before the commit returns.
 */
export class Persister {
  private constructor(
    private readonly store: SqliteStore,
    private readonly detach: () => void,
    /** Documents found on disk at start-up. */
    readonly loadedDocuments: number,
  ) {}

  static async open(
    engine: Engine,
    dataDir: string,
    options: { reset?: boolean; synchronous?: Synchronous } = {},
  ): Promise<Persister> {
    const file = join(dataDir, DATABASE_FILE);
    const legacyFile = join(dataDir, LEGACY_DATABASE_FILE);
    if (options.reset) {
      for (const name of [file, `${file}-wal`, `${file}-shm`, legacyFile]) await rm(name, { force: true });
    }
    await mkdir(dataDir, { recursive: true });
    const store = SqliteStore.open(file, options.synchronous);
    try {
      const imported = await importLegacyJson(legacyFile, store);
      if (imported === "imported") log.info(`Imported ${legacyFile} into ${file} (kept as ${legacyFile}.imported).`);
      const loaded = loadStore(engine.internals, store);
      for (const component of loaded.unknownComponents) {
        log.warn(`${file} has data for component "${component}", which convex/ does not use; it is kept, not loaded.`);
      }
      engine.dataReplaced();
      const detach = persistCommits(engine.internals, store, { onUndo: () => engine.dataReplaced() });
      await recoverScheduledFunctions(engine, loaded.interrupted);
      return new Persister(store, detach, loaded.documents);
    } catch (error) {
      store.close();
      throw error;
    }
  }

  close() {
    this.detach();
    this.store.close();
  }
}

/**
 * Scheduled functions that had not run are scheduled again (their timers died
 * with the old process) and ones that were running are marked failed, each
 * component in one commit.
 */
async function recoverScheduledFunctions(engine: Engine, interrupted: InterruptedJobs) {
  let rescheduled = 0;
  for (const [component, jobs] of interrupted) {
    const db = engine.internals.components[component].db as WritableDatabase;
    await engine.runMutation(async (ctx: SchedulerCtx) => {
      for (const job of jobs.inProgress) db.patch("_scheduled_functions", job._id, { state: { kind: "failed" } });
      for (const job of jobs.pending) {
        db.delete("_scheduled_functions", job._id);
        await ctx.scheduler.runAt(job.scheduledTime, makeFunctionReference(job.name), job.args[0]);
      }
    }, component);
    rescheduled += jobs.pending.length;
  }
  if (rescheduled > 0) log.info(`Rescheduled ${rescheduled} scheduled function(s) that had not run yet.`);
}
