import { AsyncLocalStorage } from "node:async_hooks";
import type { GenericId } from "convex/values";

/**
 * convex-test keeps its database and scheduler in a private object that it
 * enters through AsyncLocalStorage on every call. The offline backend needs
 * that object to persist data, to watch commits, to observe reads and to swap
 * the function modules on hot reload. These are the parts it relies on
 * (checked when captured, so a convex-test upgrade that changes them fails
 * loudly at startup rather than misbehaving).
 */
export type StoredDocument = Record<string, unknown> & { _id: GenericId<string>; _creationTime: number };

export type DatabaseFake = {
  _documents: Record<string, StoredDocument>;
  _storage: Record<string, Blob>;
  _nextDocId: number;
  _lastCreationTime: number;
  _writes: Array<Record<string, StoredDocument | null>>;
  _schema: unknown;
  commit(commitTs: bigint | null): void;
  get(table: string | undefined, id: string): StoredDocument | null;
};

export type ModuleLoader = (path: string) => Promise<Record<string, unknown>>;

export type ConvexTestInternals = {
  components: Record<string, { db: DatabaseFake; modules: ModuleLoader }>;
  transactionManager: { _lastCommitTs: bigint; commit(isNested: boolean): bigint | null };
  syscall: (op: string, jsonArgs: string) => string;
  asyncSyscall: (op: string, jsonArgs: string) => Promise<string>;
};

function looksLikeInternals(store: unknown): store is ConvexTestInternals {
  return (
    typeof store === "object" &&
    store !== null &&
    "components" in store &&
    "transactionManager" in store &&
    "asyncSyscall" in store
  );
}

/**
 * Makes one harmless call on `t` while watching AsyncLocalStorage#run, which
 * convex-test calls synchronously with its private object as the store. The
 * object is known on return; `settled` is the call itself.
 */
export function captureInternalsNow(t: { run: (fn: () => Promise<null>) => Promise<unknown> }) {
  const originalRun = AsyncLocalStorage.prototype.run;
  let found: ConvexTestInternals | undefined;
  let settled: Promise<unknown>;
  AsyncLocalStorage.prototype.run = function (this: AsyncLocalStorage<unknown>, store: unknown, ...rest: unknown[]) {
    if (!found && looksLikeInternals(store)) found = store;
    return (originalRun as (...args: unknown[]) => unknown).call(this, store, ...rest);
  } as typeof originalRun;
  try {
    settled = t.run(async () => null);
  } finally {
    AsyncLocalStorage.prototype.run = originalRun;
  }
  const root = found?.components[""];
  if (
    !found ||
    !root ||
    typeof root.db._documents !== "object" ||
    typeof root.db._nextDocId !== "number" ||
    !Array.isArray(root.db._writes) ||
    typeof root.db.commit !== "function" ||
    typeof found.transactionManager._lastCommitTs !== "bigint" ||
    typeof found.transactionManager.commit !== "function"
  ) {
    throw new Error(
      "This version of convex-test keeps its state differently than the offline backend expects " +
        "(offline/engine/internals.ts). Pin convex-test to the version in package-lock.json.",
    );
  }
  return { internals: found, db: root.db, settled };
}

export async function captureInternals(t: { run: (fn: () => Promise<null>) => Promise<unknown> }) {
  const { internals, db, settled } = captureInternalsNow(t);
  await settled;
  return { internals, db };
}

/** convex-test ids are a counter followed by the table name. */
export function tableOfId(id: string): string {
  return id.replace(/^[0-9]+/, "");
}

/** The table of `value` when it is a convex-test id, else null. */
export function tableOfIdValue(value: unknown): string | null {
  return typeof value === "string" && /^[0-9]+[A-Za-z_]/.test(value) ? tableOfId(value) : null;
}
