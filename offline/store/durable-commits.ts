import { createHash } from "node:crypto";
import { convexToJson, type Value } from "convex/values";
import type { ConvexTestInternals, DatabaseFake, StoredDocument } from "../engine/internals";
import type { CommitChanges, SqliteStore } from "./sqlite-store";

/*
 * Makes every top-level commit durable before it returns. convex-test commits
 * a top-level transaction in `transactionManager.commit(false)`, which applies
 * each component's pending writes to its in-memory database in turn; only
 * after it returns does the caller see the result and answer a client. So the
 * commit is wrapped: it applies in memory, then writes exactly the documents
 * it touched, in every component, as one SQLite transaction. If SQLite fails,
 * the in-memory changes are undone and the commit throws, so the caller is
 * told the mutation failed.
 */

type TransactionManager = {
  _lastCommitTs: bigint;
  isInTransaction(): boolean;
  commit(isNested: boolean): bigint | null;
  rollback(isNested: boolean): void;
};
type BlobSyscall = (op: string, args: Record<string, unknown>) => Promise<unknown>;
type Internals = ConvexTestInternals & { jsSyscall: BlobSyscall };

type Staged = {
  component: string;
  db: DatabaseFake;
  /** The committed documents before this commit (undefined: did not exist). */
  before: Map<string, StoredDocument | undefined>;
};

const isStorageId = (id: string) => /^[0-9]+_storage$/.test(id);

export type DurableCommitOptions = {
  /** Called after a failed write was undone in memory (so caches can be rebuilt). */
  onUndo: () => void;
};

export function persistCommits(convex: ConvexTestInternals, store: SqliteStore, options: DurableCommitOptions) {
  const internals = convex as Internals;
  const manager = internals.transactionManager as unknown as TransactionManager;
  const blobs = new PendingBlobs();
  const commit = manager.commit;
  const rollback = manager.rollback;
  const jsSyscall = internals.jsSyscall;
  // Set when a commit was ended in memory but refused by the store; the
  // caller's error path then asks for a rollback of a transaction that is
  // already over.
  let refused = false;

  manager.commit = function (this: TransactionManager, isNested: boolean) {
    if (isNested) return commit.call(this, isNested);
    const staged = stage(internals);
    const commitTs = commit.call(this, isNested)!;
    const changes = collect(staged, commitTs, blobs);
    blobs.transactionEnded();
    if (changes.documents.length === 0) return commitTs;
    try {
      store.write(changes);
    } catch (error) {
      undo(staged);
      options.onUndo();
      refused = true;
      throw new Error(`The offline backend could not save this commit, so it did not happen: ${String(error)}`);
    }
    freeDeletedBlobs(staged);
    return commitTs;
  };
  manager.rollback = function (this: TransactionManager, isNested: boolean) {
    if (!isNested && refused) {
      refused = false;
      return;
    }
    rollback.call(this, isNested);
    if (!isNested) blobs.transactionEnded();
  };
  // A blob is kept in memory only after its `_storage` document committed;
  // its bytes are read first so that commit can carry them to disk.
  internals.jsSyscall = async (op, args) => {
    if (op !== "storage/storeBlob") return jsSyscall(op, args);
    const bytes = new Uint8Array(await (args.blob as Blob).arrayBuffer());
    const release = blobs.hold(bytes);
    try {
      return await jsSyscall(op, args);
    } finally {
      // Called from an action, the blob's document has committed by now;
      // called inside a transaction (`t.run`), it commits with that transaction.
      if (manager.isInTransaction()) blobs.releaseWhenTransactionEnds(release);
      else release();
    }
  };

  return function detach() {
    manager.commit = commit;
    manager.rollback = rollback;
    internals.jsSyscall = jsSyscall;
  };
}

function stage(internals: ConvexTestInternals): Staged[] {
  const staged: Staged[] = [];
  for (const [component, { db }] of Object.entries(internals.components)) {
    const pending = db._writes.at(-1);
    if (!pending) continue;
    const before = new Map<string, StoredDocument | undefined>();
    for (const id of Object.keys(pending)) before.set(id, db._documents[id]);
    if (before.size > 0) staged.push({ component, db, before });
  }
  return staged;
}

function collect(staged: Staged[], commitTs: bigint, blobs: PendingBlobs): CommitChanges {
  const changes: CommitChanges = { documents: [], files: [], counters: [], lastCommitTs: commitTs };
  for (const { component, db, before } of staged) {
    for (const id of before.keys()) {
      const after = db._documents[id];
      changes.documents.push({ component, id, json: after ? JSON.stringify(convexToJson(after as Value)) : null });
      if (!isStorageId(id)) continue;
      if (!after) changes.files.push({ component, id, bytes: null });
      else if (before.get(id) === undefined) {
        const bytes = blobs.find(String(after.sha256));
        if (bytes) changes.files.push({ component, id, bytes });
      }
    }
    changes.counters.push({ component, nextDocId: db._nextDocId, lastCreationTime: db._lastCreationTime });
  }
  return changes;
}

function undo(staged: Staged[]) {
  for (const { db, before } of staged) {
    for (const [id, doc] of before) {
      if (doc === undefined) delete db._documents[id];
      else db._documents[id] = doc;
    }
  }
}

/** convex-test never drops a deleted file's bytes from memory; the store no longer has them either. */
function freeDeletedBlobs(staged: Staged[]) {
  for (const { db, before } of staged) {
    for (const id of before.keys()) if (isStorageId(id) && !db._documents[id]) delete db._storage[id];
  }
}

/** Blobs being stored right now, by the SHA-256 their `_storage` document records. */
class PendingBlobs {
  private readonly bySha = new Map<string, { bytes: Uint8Array; holders: number }>();
  private atTransactionEnd: Array<() => void> = [];

  releaseWhenTransactionEnds(release: () => void) {
    this.atTransactionEnd.push(release);
  }

  transactionEnded() {
    const releases = this.atTransactionEnd;
    this.atTransactionEnd = [];
    for (const release of releases) release();
  }

  hold(bytes: Uint8Array): () => void {
    const sha = createHash("sha256").update(bytes).digest("base64");
    const entry = this.bySha.get(sha) ?? { bytes, holders: 0 };
    entry.holders += 1;
    this.bySha.set(sha, entry);
    return () => {
      if (--entry.holders === 0) this.bySha.delete(sha);
    };
  }

  find(sha: string): Uint8Array | undefined {
    return this.bySha.get(sha)?.bytes;
  }
}
