import { convexTest } from "convex-test";
import { makeFunctionReference, type UserIdentity } from "convex/server";
import { convexToJson, jsonToConvex, type JSONValue } from "convex/values";
import { traceCall, withRequestLog, type RequestLog } from "./call-log";
import { CommitRace } from "./commit-race";
import { watchCommits } from "./commit-feed";
import { applySchema, mountComponents, type RegisterComponent } from "./component-mount";
import { readTracking, runClean, type ReadTracker } from "./context";
import { describeError, httpActionErrorResponse, newRequestId, plainMessage, serverError } from "./errors";
import { runWithRefusedAuth } from "./http-auth";
import { enforceConvexLimits, limitModuleLoader } from "./limits";
import { captureInternals, type ConvexTestInternals, type DatabaseFake } from "./internals";
import { guardCall } from "./function-guard";
import { readLimits } from "./time-limits";
import type { FunctionKind, Generation } from "./modules";
import { log } from "../log";
import { ReadSet, type Commit } from "./read-set";
import { trackReads } from "./read-tracking";
import { FailureInjector } from "./system-errors";
import { guardSystemTables } from "./system-tables";
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

type CallOptions = {
  allowInternal?: boolean;
  /** The id error messages name (`[Request ID: …]`); a fresh one by default. */
  requestId?: string;
};
type CommitListener = (commit: Commit) => void;
type Accessor = Record<FunctionKind, (ref: unknown, args: unknown) => Promise<unknown>> & {
  fetch: (path: string, init: RequestInit) => Promise<Response>;
  run: (fn: (ctx: unknown) => Promise<unknown>) => Promise<unknown>;
  runInComponent: (componentPath: string, fn: (ctx: unknown) => Promise<unknown>) => Promise<unknown>;
};

const KIND_NAMES: Record<FunctionKind, string> = { query: "Query", mutation: "Mutation", action: "Action" };
const COMMIT_LOG_SIZE = 5000;

/**
 * The project's Convex functions running in-process on convex-test. Adds what
 * a backend needs on top of it: public/internal checks, read tracking for
 * reactivity, a commit feed, hot-swappable modules and a data snapshot.
 */
export class Engine {
  /**
   * Incremented by every committed transaction that wrote something. It
   * starts from the wall clock (microseconds), so it never goes back when
   * the backend restarts: a client reconnecting with the newest ts it saw
   * finds the backend at or past it, as on Convex.
   */
  version = Date.now() * 1000;
  /** System errors to inject into coming mutations (test hook). */
  readonly failures = new FailureInjector();
  /** A commit to land right after a given query runs (test hook). */
  readonly commitRace = new CommitRace();
  private commits: Commit[] = [];
  private listeners = new Set<CommitListener>();
  private tableIndexes: Array<{ rebuild: () => void }> = [];
  /** Starts due scheduled functions, a bounded number at once. */
  readonly scheduler: ScheduledFunctionRunner;

  private constructor(
    private readonly t: Accessor & {
      withIdentity: (identity: Identity) => Accessor;
      registerComponent: RegisterComponent;
    },
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
    const schema = generation.schema ?? undefined;
    const t = convexTest({ schema, modules: placeholder, transactionLimits: true }) as never;
    const { internals, db } = await captureInternals(t);
    enforceConvexLimits(internals);
    const engine = new Engine(t, internals, db, generation);
    engine.tableIndexes.push(indexTables(db));
    // Components get their databases here, before any data is loaded into them.
    engine.useGeneration(generation);
    watchCommits(internals, (writes) => engine.recordCommit(writes));
    trackReads(internals).setVersionSource(() => engine.version);
    guardSystemTables(internals);
    return engine;
  }

  /** Serves `generation` from now on, keeping the data (the app's and every component's). */
  useGeneration(generation: Generation) {
    this.generation = generation;
    this.internals.components[""].modules = limitModuleLoader(generation.loader);
    applySchema(this.db, generation.schema);
    for (const db of mountComponents(this.internals, this.t.registerComponent, generation.components)) {
      this.tableIndexes.push(indexTables(db));
    }
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
    for (const index of this.tableIndexes) index.rebuild();
    this.bumpAll();
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
    const requestId = options.requestId ?? newRequestId();
    const fail = (jsError: string, data?: JSONValue): CallOutcome => ({
      ok: false,
      message: serverError(requestId, jsError),
      ...(data === undefined ? {} : { data }),
      logLines: request.lines,
    });
    const fn = this.generation.resolve(udfPath);
    if (!fn || (!fn.isPublic && !options.allowInternal)) {
      log.call(kind, udfPath, 0, "error", fn ? "refused: internal function" : "no such function");
      // Wording as in convex-backend crates/udf/src/validation.rs.
      return fail(plainMessage(`Could not find public function for '${udfPath.replace(/\.js(?=:|$)/, "")}'.`));
    }
    if (fn.kind !== kind) {
      const canonical = `${fn.modulePath}.js:${fn.exportName}`;
      return fail(plainMessage(`Trying to execute ${canonical} as ${KIND_NAMES[kind]}, but it is defined as ${KIND_NAMES[fn.kind]}.`));
    }
    try {
      const ref = makeFunctionReference(`${fn.modulePath}:${fn.exportName}`);
      const value = await withRequestLog(request, () => this.accessor(identity)[kind](ref, jsonToConvex(args)));
      return { ok: true, value: convexToJson(value === undefined ? null : (value as never)), logLines: request.lines };
    } catch (error) {
      const { message, data } = describeError(error);
      return fail(message, data);
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
    await this.commitRace.afterQuery(udfPath, (mutation, mutationArgs) =>
      this.call("mutation", mutation, mutationArgs, null, { allowInternal: true }),
    );
    return {
      ...outcome,
      reads: tracker.reads,
      endCursor: tracker.producedEndCursor ?? endCursor,
      version: tracker.version ?? this.version,
    };
  }

  /**
   * Runs an HTTP action from convex/http.ts. Like Convex, an unrouted path
   * is a 404 "No matching routes found" and an action that throws answers
   * with Convex's error response (errors.ts). `refusedAuth` is why the
   * request's Authorization header was not accepted: the action still runs,
   * and `getUserIdentity` throws it.
   */
  async http(path: string, init: RequestInit, identity: Identity | null, refusedAuth: string | null = null): Promise<Response> {
    const method = init.method ?? "GET";
    const label = `${method} ${path.split("?")[0]}`;
    const router = this.generation.module("http")?.default as { lookup?: (path: string, method: string) => unknown } | undefined;
    if (!router?.lookup?.(new URL(path, "http://site").pathname, method)) {
      return new Response("No matching routes found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    return await withRequestLog({ lines: [], claimed: false }, () =>
      traceCall("http", label, () =>
        guardCall("http", label, () => runWithRefusedAuth(refusedAuth, () => this.accessor(identity).fetch(path, init))),
      ),
    ).catch((error: unknown) => httpActionErrorResponse(error));
  }

  /** Runs `fn` as a mutation with direct database access (persistence restore). */
  async runMutation<T>(fn: (ctx: never) => Promise<T>, componentPath = ""): Promise<T> {
    if (componentPath) return (await this.t.runInComponent(componentPath, fn as never)) as T;
    return (await this.t.run(fn as never)) as T;
  }
}
