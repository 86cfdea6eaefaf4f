import { AsyncLocalStorage } from "node:async_hooks";
import { log } from "../log";
import { realClearTimeout, realSetTimeout, runClean } from "./context";
import { actionTimeoutMs, queryMutationTimeoutMs } from "./time-limits";

export type GuardedKind = "query" | "mutation" | "action" | "http";

const TERMINATION = Symbol.for("helm.offline.FunctionTermination");

/**
 * How the engine ends a function that broke one of Convex's runtime rules
 * (time limit, uncaught asynchronous error). The message is Convex's own and
 * reaches the caller as it is.
 */
export class FunctionTermination extends Error {
  readonly [TERMINATION] = true;
}

export function isFunctionTermination(error: unknown): error is FunctionTermination {
  return typeof error === "object" && error !== null && TERMINATION in error;
}

/** Rust's `Debug` of a `Duration`, which Convex prints in its timeout message. */
function rustDuration(ms: number): string {
  return ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`;
}

function timeoutMessage(kind: GuardedKind, name: string, limitMs: number): string {
  if (kind === "action") {
    // Wording of convex-backend npm-packages/node-executor/src/executor.ts.
    const exportName = name.split(":").at(-1) ?? name;
    return `Action \`${exportName}\` execution timed out (maximum duration ${limitMs / 1000}s)`;
  }
  // Wording of convex-backend crates/isolate/src/termination.rs (UserTimeoutError).
  return `Function execution timed out (maximum duration: ${rustDuration(limitMs)})`;
}

function errorText(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "", message: String(error) };
}

/** Elapsed time on `clock`, not counting paused intervals. */
class Stopwatch {
  private readonly startedAt: number;
  private paused = 0;
  private pausedAt: number | null = null;

  constructor(private readonly clock: () => number) {
    this.startedAt = clock();
  }

  pause() {
    this.pausedAt = this.clock();
  }

  resume() {
    if (this.pausedAt === null) return;
    this.paused += this.clock() - this.pausedAt;
    this.pausedAt = null;
  }

  elapsed(): number {
    const now = this.clock();
    return now - this.startedAt - this.paused - (this.pausedAt === null ? 0 : now - this.pausedAt);
  }
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * A function that awaits something that never settles uses no CPU; the wall
 * clock still ends it (releasing the transaction lock) at this multiple of
 * its limit.
 */
const IDLE_WALL_FACTOR = 10;

/**
 * One running query, mutation, action or HTTP action.
 *
 * Queries and mutations get Convex's limit on user-code time. The clock stops
 * while a syscall (database read or write, nested call) is in flight, as
 * Convex's excludes database operations, and it counts the process's CPU time
 * rather than the wall clock, so that a busy machine (tests run beside other
 * work) does not push an ordinary function over the limit. Actions get a
 * wall-clock limit, like Convex's Node executor.
 *
 * JavaScript cannot pre-empt synchronous code in-process: a function stuck in
 * `for (;;) {}` blocks the whole backend, and an over-long computation is only
 * ended when it next awaits or makes a syscall (or when it returns, which is
 * then refused).
 */
class Guard {
  ended = false;
  readonly faulted: Promise<never>;
  private fail!: (error: FunctionTermination) => void;
  private readonly wall = new Stopwatch(() => performance.now());
  private readonly cpu = new Stopwatch(cpuMs);
  private inFlight = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly kind: GuardedKind,
    readonly name: string,
    private readonly limitMs: number | null,
  ) {
    this.faulted = new Promise<never>((_, reject) => (this.fail = reject));
    // Rejected only while someone races it; never left unhandled.
    this.faulted.catch(() => {});
    this.armTimer();
  }

  private get limitsUserTime() {
    return this.kind === "query" || this.kind === "mutation";
  }

  /** Milliseconds left before the limit (≤ 0: over it), in wall-clock terms for the timer. */
  private remainingMs(limitMs: number): number {
    if (!this.limitsUserTime) return limitMs - this.wall.elapsed();
    return Math.min(limitMs - this.cpu.elapsed(), limitMs * IDLE_WALL_FACTOR - this.wall.elapsed());
  }

  private timeout(limitMs: number) {
    return new FunctionTermination(timeoutMessage(this.kind, this.name, limitMs));
  }

  private armTimer() {
    if (this.limitMs === null || this.ended || this.inFlight > 0) return;
    const left = this.remainingMs(this.limitMs);
    if (left <= 0) return this.terminate(this.timeout(this.limitMs));
    this.timer = runClean(() => realSetTimeout(() => ((this.timer = null), this.armTimer()), Math.ceil(left)));
  }

  private disarm() {
    if (this.timer) realClearTimeout(this.timer);
    this.timer = null;
  }

  terminate(error: FunctionTermination) {
    if (this.ended) return;
    this.end();
    this.fail(error);
  }

  end() {
    this.ended = true;
    this.disarm();
  }

  /** Throws the timeout if the function ran past its limit without yielding. */
  checkFinishedInTime() {
    if (this.limitMs !== null && this.remainingMs(this.limitMs) < 0) throw this.timeout(this.limitMs);
  }

  /** Refuses work from code that outlived its function (it timed out, failed or returned). */
  assertRunning() {
    if (this.ended) {
      throw new Error(`${this.name} has already ended; work it left running cannot use Convex APIs.`);
    }
  }

  pause() {
    if (!this.limitsUserTime || this.inFlight++ > 0) return;
    this.wall.pause();
    this.cpu.pause();
    this.disarm();
  }

  resume() {
    if (!this.limitsUserTime || --this.inFlight > 0) return;
    this.wall.resume();
    this.cpu.resume();
    this.armTimer();
  }

  /** Convex's report of an error nobody caught inside this function. */
  uncaught(event: "uncaughtException" | "unhandledRejection", error: unknown): FunctionTermination {
    const { name, message } = errorText(error);
    // A Node action reports the process event as the error's name
    // (convex-backend npm-packages/node-executor/src/executor.ts); the Convex
    // runtime reports the error itself, like any uncaught error.
    const label = this.kind === "action" ? event : name;
    return new FunctionTermination(label ? `Uncaught ${label}: ${message}` : `Uncaught ${message}`);
  }
}

const guards = new AsyncLocalStorage<Guard>();

function limitFor(kind: GuardedKind): number | null {
  if (kind === "query" || kind === "mutation") return queryMutationTimeoutMs();
  if (kind === "action") return actionTimeoutMs();
  return null;
}

const inTransaction = (kind: GuardedKind) => kind === "query" || kind === "mutation";

/**
 * Runs one function under Convex's runtime rules: its time limit, and an
 * uncaught asynchronous error inside it ending it with that error. A query or
 * mutation called from inside another shares its transaction and its clock.
 */
export async function guardCall<T>(kind: GuardedKind, name: string, run: () => Promise<T>): Promise<T> {
  const parent = guards.getStore();
  if (parent && !parent.ended && inTransaction(parent.kind) && inTransaction(kind)) return await run();
  const guard = new Guard(kind, name, limitFor(kind));
  try {
    const result = await Promise.race([guards.run(guard, run), guard.faulted]);
    guard.checkFinishedInTime();
    return result;
  } finally {
    guard.end();
  }
}

/**
 * Wraps a syscall made by function code: refused once the function has ended
 * (so a timed-out mutation cannot write into a later transaction), and not
 * counted against a query's or mutation's time.
 */
export function guardSyscall<T>(run: () => T): T {
  const guard = guards.getStore();
  if (!guard) return run();
  guard.assertRunning();
  guard.pause();
  let result: T;
  try {
    result = run();
  } catch (error) {
    guard.resume();
    throw error;
  }
  if (result instanceof Promise) {
    return result.finally(() => guard.resume()) as T;
  }
  guard.resume();
  return result;
}

function onUncaught(event: "uncaughtException" | "unhandledRejection", error: unknown) {
  const guard = guards.getStore();
  if (guard && !guard.ended) {
    guard.terminate(guard.uncaught(event, error));
    return;
  }
  const { message } = errorText(error);
  if (guard) {
    log.error(`${guard.name}: ${event} after the function had ended: ${message}`);
    return;
  }
  const detail = error instanceof Error && error.stack ? error.stack : message;
  log.error(`${event} outside any Convex function; the backend keeps serving.\n${detail}`);
}

let installed = false;

/**
 * Keeps the backend alive whatever user code throws asynchronously: the error
 * ends the function whose async context it came from, as on Convex, or is
 * logged. Installed by the backend's start-up only (tests keep Node's default).
 */
export function installFaultHandlers() {
  if (installed) return;
  installed = true;
  process.on("uncaughtException", (error) => onUncaught("uncaughtException", error));
  process.on("unhandledRejection", (reason) => onUncaught("unhandledRejection", reason));
}
