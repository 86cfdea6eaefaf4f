import { tableOfId, type ConvexTestInternals } from "./internals";
import type { WrittenDocument } from "./read-set";

/**
 * Calls `onCommit` with the documents each top-level transaction wrote, in
 * the app's database and in every component's (convex-test keeps one
 * database per component and commits them together). Runs synchronously
 * inside the commit, so the commit and its report cannot be separated by
 * another transaction.
 */
export function watchCommits(internals: ConvexTestInternals, onCommit: (writes: WrittenDocument[]) => void) {
  const manager = internals.transactionManager;
  const commit = manager.commit.bind(manager);
  manager.commit = (isNested) => {
    if (isNested) return commit(isNested);
    const writes: WrittenDocument[] = [];
    for (const [component, { db }] of Object.entries(internals.components)) {
      // A top-level transaction has exactly one layer of pending writes.
      if (db._writes.length !== 1) continue;
      for (const id of Object.keys(db._writes[0])) {
        writes.push({ component, id, table: tableOfId(id), before: db._documents[id] ?? null, after: null });
      }
    }
    const commitTs = commit(isNested);
    if (writes.length > 0) {
      for (const write of writes) write.after = internals.components[write.component!].db._documents[write.id] ?? null;
      onCommit(writes);
    }
    return commitTs;
  };
}
