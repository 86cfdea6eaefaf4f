import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { makeFunctionReference } from "convex/server";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { realClearTimeout, realSetTimeout, runClean } from "./engine/context";
import type { Engine } from "./engine/engine";
import type { StoredDocument } from "./engine/internals";
import { log } from "./log";

/** The database file's format. Bump when it changes incompatibly. */
const FORMAT = 1;

type Snapshot = {
  format: number;
  savedAt: string;
  nextDocId: number;
  lastCreationTime: number;
  lastCommitTs: string;
  documents: JSONValue[];
  /** File storage blobs by storage id, base64. */
  files: Record<string, string>;
};

async function takeSnapshot(engine: Engine): Promise<Snapshot> {
  const { db, internals } = engine;
  const files: Record<string, string> = {};
  for (const [id, blob] of Object.entries(db._storage)) {
    files[id] = Buffer.from(await blob.arrayBuffer()).toString("base64");
  }
  return {
    format: FORMAT,
    savedAt: new Date().toISOString(),
    nextDocId: db._nextDocId,
    lastCreationTime: db._lastCreationTime,
    lastCommitTs: internals.transactionManager._lastCommitTs.toString(),
    documents: Object.values(db._documents).map((doc) => convexToJson(doc as Value)),
    files,
  };
}

type ScheduledJob = StoredDocument & { name: string; args: Value[]; scheduledTime: number; state: { kind: string } };

/**
 * Loads the database file into the engine. Scheduled functions that had not
 * run are scheduled again (their timers died with the old process); ones
 * that were running are marked failed.
 */
export async function loadSnapshot(engine: Engine, file: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return false;
  }
  const snapshot = JSON.parse(text) as Snapshot;
  if (snapshot.format !== FORMAT) {
    throw new Error(`${file} has format ${snapshot.format}; this backend reads ${FORMAT}. Start with --reset.`);
  }
  const { db, internals } = engine;
  const pending: ScheduledJob[] = [];
  for (const json of snapshot.documents) {
    const doc = jsonToConvex(json) as StoredDocument;
    const job = doc as ScheduledJob;
    if (job._id.endsWith("_scheduled_functions") && job.state?.kind === "pending") {
      pending.push(job);
      continue;
    }
    if (job._id.endsWith("_scheduled_functions") && job.state?.kind === "inProgress") {
      job.state = { kind: "failed" };
    }
    db._documents[doc._id] = doc;
  }
  for (const [id, base64] of Object.entries(snapshot.files)) {
    db._storage[id] = new Blob([Buffer.from(base64, "base64")]);
  }
  db._nextDocId = snapshot.nextDocId;
  db._lastCreationTime = snapshot.lastCreationTime;
  internals.transactionManager._lastCommitTs = BigInt(snapshot.lastCommitTs);
  engine.dataReplaced();
  for (const job of pending) {
    await engine.runMutation(async (ctx: { scheduler: { runAt: (...a: unknown[]) => Promise<unknown> } }) => {
      await ctx.scheduler.runAt(job.scheduledTime, makeFunctionReference(job.name), job.args[0] as never);
    });
  }
  if (pending.length > 0) log.info(`Rescheduled ${pending.length} scheduled function(s) that had not run yet.`);
  return true;
}

/**
 * Writes the database to `file` shortly after commits (debounced, so a burst
 * of writes costs one save), through a temporary file and a rename so a
 * crash never leaves a half-written database.
 */
export class Persister {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private saving: Promise<void> = Promise.resolve();
  private dirtySince: number | null = null;
  private unsubscribe: () => void;

  constructor(
    private readonly engine: Engine,
    private readonly file: string,
    private readonly debounceMs = 150,
    private readonly maxDelayMs = 1000,
  ) {
    this.unsubscribe = engine.onCommit(() => this.schedule());
  }

  private schedule() {
    const now = Date.now();
    this.dirtySince ??= now;
    if (this.timer) realClearTimeout(this.timer);
    const delay = Math.max(0, Math.min(this.debounceMs, this.dirtySince + this.maxDelayMs - now));
    this.timer = runClean(() => realSetTimeout(() => void this.save(), delay));
  }

  /** Saves now if anything changed since the last save. */
  save(): Promise<void> {
    if (this.timer) realClearTimeout(this.timer);
    this.timer = null;
    if (this.dirtySince === null) return this.saving;
    this.dirtySince = null;
    this.saving = this.saving.then(async () => {
      try {
        const snapshot = await takeSnapshot(this.engine);
        await mkdir(dirname(this.file), { recursive: true });
        const temporary = `${this.file}.${process.pid}.tmp`;
        await writeFile(temporary, JSON.stringify(snapshot));
        await rename(temporary, this.file);
      } catch (error) {
        log.error(`Could not save the database to ${this.file}: ${String(error)}`);
      }
    });
    return this.saving;
  }

  async close() {
    this.unsubscribe();
    await this.save();
  }
}
