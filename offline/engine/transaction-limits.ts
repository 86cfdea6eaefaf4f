import { getDocumentSize, jsonToConvex, type JSONValue } from "convex/values";
import { tableOfId, type ConvexTestInternals, type DatabaseFake, type StoredDocument } from "./internals";
import { inConvexWords } from "./limit-messages";
import { assertConvexValue, documentViolation } from "./value-limits";

/*
 * What convex-test's `transactionLimits` leaves to us, in the same syscalls
 * it meters (it counts documents, bytes, index ranges and scheduled calls):
 *
 * - Convex counts every document a query scans, also those a `.filter()`
 *   drops (docs.convex.dev/production/state/limits: "Documents not returned
 *   due to a `filter` count as scanned"); convex-test counts only the ones it
 *   returns.
 * - Convex does not count reads of system tables (`db.system`) against the
 *   user's limits (convex-backend crates/database/src/reads.rs,
 *   `record_read_document`); convex-test does.
 * - Convex refuses a document over 1 MiB, too deeply nested, or with a
 *   top-level field starting with "_", and any value with too many fields or
 *   array elements (value-limits.ts); convex-test stores them.
 * - Its messages are its own; callers see Convex's (limit-messages.ts).
 */

type MetricsTracker = { trackRead(bytes: number): void };
type TransactionManager = { getMetricsTracker(): MetricsTracker | null };
type QuerySource = { sortedDocs: StoredDocument[]; filterFn: (doc: StoredDocument) => boolean };
type SerializedQuery = {
  source: { type: string; tableName?: string; indexName?: string };
  operators?: Array<{ filter?: unknown; limit?: number }>;
};
type WriteMethod = (this: DatabaseFake, ...args: unknown[]) => unknown;
type DatabasePrototype = Record<string, unknown> & { [GUARDED]?: true };

const GUARDED = Symbol("convexLimitsGuarded");

/** Set for the synchronous part of one syscall, to see the query it resolves. */
let onQuerySource: ((source: QuerySource) => void) | null = null;

function incompatible(): Error {
  return new Error(
    "This version of convex-test works differently than Helm's Convex limits expect " +
      "(offline/engine/transaction-limits.ts). Pin convex-test to the version in package-lock.json.",
  );
}

/**
 * Patches convex-test's database class (shared by every instance and
 * component): writes to user tables are checked as Convex checks them, and
 * the query being resolved is shown to `onQuerySource`.
 */
function guardDatabaseClass(db: DatabaseFake) {
  const prototype = Object.getPrototypeOf(db) as DatabasePrototype;
  if (prototype[GUARDED]) return;
  const resolve = prototype._resolveQuerySource;
  if (typeof resolve !== "function") throw incompatible();
  prototype._resolveQuerySource = function (this: unknown, query: unknown) {
    const source = (resolve as (query: unknown) => QuerySource).call(this, query);
    onQuerySource?.(source);
    return source;
  };
  for (const method of ["insert", "patch", "replace"] as const) {
    const write = prototype[method];
    if (typeof write !== "function") throw incompatible();
    prototype[method] = function (this: DatabaseFake, ...args: unknown[]) {
      return checkedWrite(this, method, args, write as WriteMethod);
    };
  }
  prototype[GUARDED] = true;
}

/**
 * Runs one of convex-test's synchronous write methods, then checks the
 * document it staged; a refused document is unstaged before Convex's error
 * is thrown, so a caller that catches it does not commit it either.
 */
function checkedWrite(db: DatabaseFake, method: "insert" | "patch" | "replace", args: unknown[], write: WriteMethod) {
  const existingId = method === "insert" ? null : (args[1] as string);
  const table = existingId === null ? (args[0] as string) : tableOfId(existingId);
  // System documents (scheduled jobs, files) are Convex's own, not held to user limits.
  if (table.startsWith("_")) return write.apply(db, args);
  const layer = db._writes.at(-1);
  const hadStaged = existingId !== null && layer !== undefined && Object.hasOwn(layer, existingId);
  const previous = hadStaged ? layer[existingId] : undefined;
  const result = write.apply(db, args);
  const id = existingId ?? (result as string);
  const staged = db._writes.at(-1)?.[id];
  const problem = staged ? documentViolation(staged) : null;
  if (problem) {
    const top = db._writes.at(-1)!;
    if (hadStaged) top[id] = previous!;
    else delete top[id];
    throw new Error(problem);
  }
  return result;
}

function tableOfQuery(query: SerializedQuery): string {
  return query.source.tableName ?? query.source.indexName?.split(".")[0] ?? "";
}

const isSystemTable = (table: string) => table.startsWith("_");

/** A streamed query with a filter: where it is in the documents its range holds. */
type FilteredStream = { docs: StoredDocument[]; limit: number | null; position: number; returned: number };

/**
 * Holds every syscall of one convex-test instance to Convex's transaction
 * limits and wording (with `transactionLimits: true` in convexTest's options;
 * see the note at the top of this file for what is added here).
 */
export function enforceTransactionLimits(internals: ConvexTestInternals) {
  const transactions = internals.transactionManager as unknown as TransactionManager;
  if (typeof transactions.getMetricsTracker !== "function") throw incompatible();
  guardDatabaseClass(internals.components[""].db);

  const filteredStreams = new Map<number, FilteredStream>();
  const systemStreams = new Set<number>();
  const countRead = (doc: StoredDocument) => transactions.getMetricsTracker()?.trackRead(getDocumentSize(doc as never));

  /** Runs the synchronous part of a syscall with system-table reads left uncounted. */
  function uncounted<T>(system: boolean, run: () => T): T {
    const tracker = system ? transactions.getMetricsTracker() : null;
    if (!tracker) return run();
    const trackRead = tracker.trackRead;
    tracker.trackRead = () => {};
    try {
      return run();
    } finally {
      tracker.trackRead = trackRead;
    }
  }

  function resolving<T>(hook: (source: QuerySource) => void, run: () => T): T {
    onQuerySource = hook;
    try {
      return run();
    } finally {
      onQuerySource = null;
    }
  }

  /** Counts the documents a filter dropped before the one returned (or, at the end, after the last). */
  function countDropped(queryId: number, returnedId: string | null) {
    const stream = filteredStreams.get(queryId);
    if (!stream) return;
    if (returnedId === null) {
      filteredStreams.delete(queryId);
      // Stopped by `.take(n)`: Convex scans no further.
      if (stream.limit !== null && stream.returned >= stream.limit) return;
    } else {
      stream.returned += 1;
    }
    while (stream.position < stream.docs.length) {
      const doc = stream.docs[stream.position++];
      if (doc._id === returnedId) return;
      countRead(doc);
    }
  }

  const syscall = internals.syscall;
  internals.syscall = (op, jsonArgs) => {
    try {
      if (op === "1.0/queryStream") {
        const query = (JSON.parse(jsonArgs) as { query: SerializedQuery }).query;
        let source: QuerySource | null = null;
        const result = resolving((resolved) => (source = resolved), () => syscall(op, jsonArgs));
        const { queryId } = JSON.parse(result) as { queryId: number };
        const filters = query.operators?.some((operator) => "filter" in operator) ?? false;
        if (isSystemTable(tableOfQuery(query))) systemStreams.add(queryId);
        else if (filters && source) {
          const limit = query.operators?.find((operator) => "limit" in operator)?.limit ?? null;
          filteredStreams.set(queryId, { docs: (source as QuerySource).sortedDocs, limit, position: 0, returned: 0 });
        }
        return result;
      }
      if (op === "1.0/queryCleanup") {
        const { queryId } = JSON.parse(jsonArgs) as { queryId: number };
        filteredStreams.delete(queryId);
        systemStreams.delete(queryId);
      }
      return syscall(op, jsonArgs);
    } catch (error) {
      throw inConvexWords(error);
    }
  };

  const asyncSyscall = internals.asyncSyscall;
  internals.asyncSyscall = async (op, jsonArgs) => {
    try {
      const args = JSON.parse(jsonArgs) as Record<string, unknown>;
      switch (op) {
        case "1.0/get": {
          const table = (args.table as string | undefined) ?? tableOfId(args.id as string);
          return await uncounted(isSystemTable(table), () => asyncSyscall(op, jsonArgs));
        }
        case "1.0/queryStreamNext": {
          const queryId = args.queryId as number;
          const system = systemStreams.has(queryId);
          const result = await uncounted(system, () => asyncSyscall(op, jsonArgs));
          const { value, done } = JSON.parse(result) as { value: { _id: string } | null; done: boolean };
          if (done) systemStreams.delete(queryId);
          countDropped(queryId, done || value === null ? null : value._id);
          return result;
        }
        case "1.0/queryPage": {
          const system = isSystemTable(tableOfQuery(args.query as SerializedQuery));
          const dropped: StoredDocument[] = [];
          const pending = resolving(
            (source) => {
              const matches = source.filterFn;
              source.filterFn = (doc) => matches(doc) || (dropped.push(doc), false);
            },
            () => uncounted(system, () => asyncSyscall(op, jsonArgs)),
          );
          const result = await pending;
          if (!system) dropped.forEach(countRead);
          return result;
        }
        case "1.0/schedule":
        case "1.0/actions/schedule":
          // Convex builds the arguments as a Convex value when scheduling.
          if (args.args !== undefined) assertConvexValue(jsonToConvex(args.args as JSONValue));
          break;
      }
      return await asyncSyscall(op, jsonArgs);
    } catch (error) {
      throw inConvexWords(error);
    }
  };
}
