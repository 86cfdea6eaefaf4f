import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { ConvexTestInternals, StoredDocument } from "../engine/internals";
import type { SqliteStore } from "./sqlite-store";

export type ScheduledJob = StoredDocument & { name: string; args: Value[]; scheduledTime: number; state: { kind: string } };

/** Scheduled functions whose timers died with the previous process, per component. */
export type InterruptedJobs = Map<string, { pending: ScheduledJob[]; inProgress: ScheduledJob[] }>;

export type Loaded = {
  documents: number;
  interrupted: InterruptedJobs;
  /** Components with stored data that this load of convex/ does not have. */
  unknownComponents: string[];
};

const isScheduledJob = (doc: StoredDocument): doc is ScheduledJob => /^[0-9]+_scheduled_functions$/.test(doc._id);

/**
 * Values JSON cannot carry (int64, bytes, NaN, ...) are stored as `{"$type": ...}`
 * objects; a document without any is its JSON as it is, and skips the walk.
 */
function decode(json: string): StoredDocument {
  const parsed = JSON.parse(json) as JSONValue;
  return (json.includes('"$') ? jsonToConvex(parsed) : parsed) as StoredDocument;
}

/** Fills convex-test's in-memory databases (which must be empty) from the store. */
export function loadStore(internals: ConvexTestInternals, store: SqliteStore): Loaded {
  const loaded: Loaded = { documents: 0, interrupted: new Map(), unknownComponents: [] };
  const unknown = new Set<string>();
  for (const row of store.documents()) {
    const db = internals.components[row.component]?.db;
    if (!db) {
      unknown.add(row.component);
      continue;
    }
    const doc = decode(row.json);
    db._documents[row.id] = doc;
    loaded.documents += 1;
    if (!isScheduledJob(doc)) continue;
    const kind = doc.state?.kind;
    if (kind !== "pending" && kind !== "inProgress") continue;
    let jobs = loaded.interrupted.get(row.component);
    if (!jobs) loaded.interrupted.set(row.component, (jobs = { pending: [], inProgress: [] }));
    (kind === "pending" ? jobs.pending : jobs.inProgress).push(doc);
  }
  for (const row of store.files()) {
    const db = internals.components[row.component]?.db;
    if (db) db._storage[row.id] = new Blob([new Uint8Array(row.bytes)]);
  }
  for (const counters of store.counters()) {
    const db = internals.components[counters.component]?.db;
    if (!db) continue;
    db._nextDocId = counters.nextDocId;
    db._lastCreationTime = counters.lastCreationTime;
  }
  const manager = internals.transactionManager;
  manager._lastCommitTs = store.lastCommitTs();
  loaded.unknownComponents = [...unknown];
  return loaded;
}
