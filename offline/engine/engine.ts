import { convexTest } from "convex-test";
import { makeFunctionReference, type UserIdentity } from "convex/server";
import { convexToJson, jsonToConvex, type JSONValue } from "convex/values";
import { traceCall, withRequestLog, type RequestLog } from "./call-log";
import { readTracking, runClean, type ReadTracker } from "./context";
import { describeError } from "./errors";
import { guardCall } from "./function-guard";
import { captureInternals, tableOfId, type ConvexTestInternals, type DatabaseFake } from "./internals";
import { readLimits } from "./limits";
import type { FunctionKind, Generation } from "./modules";
import { log } from "../log";
import { ReadSet, type Commit, type WrittenDocument } from "./read-set";
import { trackReads } from "./read-tracking";
import { ScheduledFunctionRunner } from "./scheduler";
import { hookSyscalls } from "./syscall-hooks";
import { indexTables } from "./table-index";

export type Identity = UserIdentity;

export type CallOutcome =
  | { ok: true; value: JSONValue; logLines: string[] }
  | { ok: false; message: string; data?: JSONValue; logLines: string[] };

export type QueryOutcome = CallOutcome & {
  /** What the query read: it is stale once a commit affects it. */
  reads: ReadSet;
  /** The pagination end cursor to pin on the next run (the query journal). */
  endCursor: string | null;
  /** Commit version the result reflects. */
  version: number;
};

type CallOptions = { allowInternal?: boolean };
type CommitListener = (commit: Commit) => void;
type Accessor = Record<FunctionKind, (ref: unknown, args: unknown) => Promise<unknown>> & {
  fetch: (path: string, init: RequestInit) => Promise<Response>;
  run: (fn: (ctx: unknown) => Promise<unknown>) => Promise<unknown>;
};

const KIND_NAMES: Record<FunctionKind, string> = { query: "Query", mutation: "Mutation", action: "Action" };
const COMMIT_LOG_SIZE = 5000;

/**
 * The project's Convex functions running in-process on convex-test. Adds what
 * a backend needs on top of it: public/internal checks, read tracking for
 * reactivity, a commit feed, hot-swappable modules and a data snapshot.
 */
export class Engine {
  /** Incremented by every committed transaction that wrote something. */
  version = 0;
  private commits: Commit[] = [];
  private listeners = new Set<CommitListener>();
  private tableIndex: { rebuild: () => void } | null = null;
  /** Starts due scheduled functions, a bounded number at once. */
  readonly scheduler: ScheduledFunctionRunner;

  private constructor(
    private readonly t: Accessor & { withIdentity: (identity: Identity) => Accessor },
    readonly internals: ConvexTestInternals,
    readonly db: DatabaseFake,
    public generation: Generation,
  ) {
    this.scheduler = new ScheduledFunctionRunner(internals, readLimits().schedulerConcurrency);
    hookSyscalls(internals, this.scheduler);
  }

  static async start(generation: Generation): Promise<Engine> {
    // One key containing "_generated" tells convex-test where modules live;
    // the real loader is swapped in below, per generation.
    const placeholder = { "./_generated/api.js": async () => ({}) };
    const t = (generation.schema ? convexTest(generation.schema, placeholder) : convexTest(undefined, placeholder)) as never;
    const { internals, db } = await captureInternals(t);
    const engine = new Engine(t, internals, db, generation);
    engine.useGeneration(generation);
    engine.watchCommits();
    engine.tableIndex = indexTables(db);
    trackReads(internals).setVersionSource(() => engine.version);
    return engine;
  }

  /** Serves `generation` from now on, keeping the data. */
  useGeneration(generation: Generation) {
    this.generation = generation;
    this.internals.components[""].modules = generation.loader;
    const schema = generation.schema as unknown as {
      schemaValidation: boolean;
      tables: Record<string, { export(): unknown }>;
    } | null;
    // Mirrors what convex-test's database does with a schema in its constructor.
    this.db._schema = schema && {
      schemaValidation: schema.schemaValidation,
      tables: new Map(Object.entries(schema.tables).map(([name, table]) => [name, table.export()])),
    };
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Commits after `version`, or null when that is too far back to know. */
  commitsSince(version: number): Commit[] | null {
    if (version >= this.version) return [];
    const oldest = this.commits[0]?.version ?? this.version + 1;
    if (oldest > version + 1) return null;
    return this.commits.filter((commit) => commit.version > version);
  }

  /** Marks a change that invalidates every query (new code). */
  bumpAll() {
    this.recordCommit("everything");
  }

  /** Call after replacing the stored documents wholesale (persistence). */
  dataReplaced() {
    this.tableIndex?.rebuild();
    this.bumpAll();
  }

  private watchCommits() {
    const db = this.db;
    const commit = db.commit.bind(db);
    db.commit = (commitTs) => {
      const pending = db._writes.length === 1 ? Object.entries(db._writes[0]) : [];
      const writes: WrittenDocument[] = pending.map(([id]) => ({
        id,
        table: tableOfId(id),
        before: db._documents[id] ?? null,
        after: null,
      }));
      commit(commitTs);
      if (writes.length === 0) return;
      for (const write of writes) write.after = db._documents[write.id] ?? null;
      this.recordCommit(writes);
    };
  }

  private recordCommit(writes: Commit["writes"]) {
    this.version += 1;
    const commit: Commit = { version: this.version, writes };
    if (writes === "everything") this.commits = [];
    this.commits.push(commit);
    if (this.commits.length > COMMIT_LOG_SIZE) this.commits.splice(0, this.commits.length - COMMIT_LOG_SIZE);
    // Runs inside the committing function's async context: step out of it.
    runClean(() => {
      for (const listener of this.listeners) listener(commit);
    });
  }

  private accessor(identity: Identity | null): Accessor {
    return identity ? this.t.withIdentity(identity) : this.t;
  }

  private async invoke(
    kind: FunctionKind,
    udfPath: string,
    args: JSONValue,
    identity: Identity | null,
    options: CallOptions,
    request: RequestLog,
  ): Promise<CallOutcome> {
    const fn = this.generation.resolve(udfPath);
    if (!fn || (!fn.isPublic && !options.allowInternal)) {
      log.call(kind, udfPath, 0, "error", fn ? "refused: internal function" : "no such function");
      return {
        ok: false,
        message: `Could not find public function for '${udfPath}'. Did you forget to run \`npx convex dev\`?`,
        logLines: [],
      };
    }
    if (fn.kind !== kind) {
      return {
        ok: false,
        message: `Trying to execute ${udfPath} as ${KIND_NAMES[kind]}, but it is defined as ${KIND_NAMES[fn.kind]}.`,
        logLines: [],
      };
    }
    try {
      const ref = makeFunctionReference(`${fn.modulePath}:${fn.exportName}`);
      const value = await withRequestLog(request, () => this.accessor(identity)[kind](ref, jsonToConvex(args)));
      return { ok: true, value: convexToJson(value === undefined ? null : (value as never)), logLines: request.lines };
    } catch (error) {
      return { ok: false, ...describeError(error), logLines: request.lines };
    }
  }

  call(kind: "mutation" | "action", udfPath: string, args: JSONValue, identity: Identity | null, options: CallOptions = {}) {
    return this.invoke(kind, udfPath, args, identity, options, { lines: [], claimed: false });
  }

  /** Runs a query, recording what it read; `endCursor` pins its page (journal). */
  async query(
    udfPath: string,
    args: JSONValue,
    identity: Identity | null,
    endCursor: string | null = null,
    options: CallOptions = {},
  ): Promise<QueryOutcome> {
    const tracker: ReadTracker = { reads: new ReadSet(), pinnedEndCursor: endCursor, producedEndCursor: null, version: null };
    const outcome = await readTracking.run(tracker, () =>
      this.invoke("query", udfPath, args, identity, options, { lines: [], claimed: false }),
    );
    return {
      ...outcome,
      reads: tracker.reads,
      endCursor: tracker.producedEndCursor ?? endCursor,
      version: tracker.version ?? this.version,
    };
  }

  /** Runs an HTTP action from convex/http.ts. */
  async http(path: string, init: RequestInit, identity: Identity | null): Promise<Response> {
    const label = `${init.method ?? "GET"} ${path.split("?")[0]}`;
    return await withRequestLog({ lines: [], claimed: false }, () =>
      traceCall("http", label, async () => {
        if (!this.generation.module("http")) return new Response("No HTTP actions are defined (convex/http.ts).", { status: 404 });
        return await guardCall("http", label, () => this.accessor(identity).fetch(path, init));
      }),
    );
  }

  /** Runs `fn` as a mutation with direct database access (persistence restore). */
  async runMutation<T>(fn: (ctx: never) => Promise<T>): Promise<T> {
    return (await this.t.run(fn as never)) as T;
  }
}
