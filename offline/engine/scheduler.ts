import { log } from "../log";
import { realSetTimeout, runClean } from "./context";
import type { ConvexTestInternals, StoredDocument } from "./internals";
import { BoundedRunQueue } from "./run-queue";

/** The part of convex-test's per-test scheduler state the engine hooks into. */
type ConvexTestScheduler = { add: (execution: Promise<unknown>) => void };

type ScheduledJob = StoredDocument & { name: string; state: { kind: string } };

/** A job's start, as convex-test would have run it from its timer. */
type CapturedStart = { fire: () => void; dueAt: number };

/**
 * convex-test's own bookkeeping when a job's state changed while it ran. On
 * Convex, a function that is canceled while running (by itself or anyone)
 * finishes and its job simply stays canceled.
 */
const CANCELED_WHILE_RUNNING = /Unexpected scheduled function state after it finished running: canceled/;

function schedulerOf(internals: ConvexTestInternals): ConvexTestScheduler {
  const scheduler = (internals as unknown as { scheduler?: ConvexTestScheduler }).scheduler;
  if (typeof scheduler?.add !== "function") {
    throw new Error(
      "This version of convex-test runs scheduled functions differently than the offline backend expects " +
        "(offline/engine/scheduler.ts). Pin convex-test to the version in package-lock.json.",
    );
  }
  return scheduler;
}

/**
 * Runs scheduled functions as a Convex deployment does: when due, at most
 * `capacity` at once, the rest waiting in order of their scheduled time.
 *
 * convex-test still records each job (the `_scheduled_functions` document and
 * its pending → inProgress → success/failed/canceled states) and runs it; the
 * engine only takes over the moment it starts. convex-test arms a `setTimeout`
 * inside the `1.0/schedule` syscall; `schedule` catches that one call and
 * queues it here instead.
 */
export class ScheduledFunctionRunner {
  private readonly queue: BoundedRunQueue;
  private lastExecution: Promise<unknown> | null = null;

  constructor(
    private readonly internals: ConvexTestInternals,
    capacity: number,
  ) {
    this.queue = new BoundedRunQueue(capacity, (error) =>
      log.error(`A scheduled function could not be run: ${error instanceof Error ? error.message : String(error)}`),
    );
    const scheduler = schedulerOf(internals);
    const add = scheduler.add.bind(scheduler);
    scheduler.add = (execution) => {
      add(execution);
      this.lastExecution = execution;
    };
  }

  get capacity() {
    return this.queue.capacity;
  }

  /** Performs convex-test's `1.0/schedule` syscall, queuing the job's start here. */
  schedule(syscall: () => Promise<string>): Promise<string> {
    let captured: CapturedStart | null = null;
    const capture = (fire: () => void, delayMs = 0) => {
      if (captured) return realSetTimeout(fire, delayMs);
      captured = { fire, dueAt: Date.now() + Math.max(0, delayMs) };
      return undefined;
    };
    // The syscall runs synchronously up to its `setTimeout`, which convex-test
    // reads from the shared globals outside any function's overrides: swap the
    // shared value for the duration of this synchronous call only.
    const restore = runClean(() => {
      const previous = globalThis.setTimeout;
      globalThis.setTimeout = capture as unknown as typeof setTimeout;
      return () => {
        globalThis.setTimeout = previous;
      };
    });
    let pending: Promise<string>;
    try {
      pending = syscall();
    } finally {
      runClean(restore);
    }
    return pending.then((result) => {
      if (!captured) {
        throw new Error(
          "convex-test scheduled a function without its usual timer (offline/engine/scheduler.ts). " +
            "Pin convex-test to the version in package-lock.json.",
        );
      }
      this.enqueue(JSON.parse(result) as string, captured);
      return result;
    });
  }

  private job(jobId: string): ScheduledJob | null {
    for (const component of Object.values(this.internals.components)) {
      const doc = component.db._documents[jobId];
      if (doc) return doc as ScheduledJob;
    }
    return null;
  }

  private enqueue(jobId: string, start: CapturedStart) {
    this.queue.add({
      dueAt: start.dueAt,
      // Canceled before its turn: it takes no slot. (A job whose document is
      // not committed yet still runs: convex-test waits for that commit.)
      obsolete: () => {
        const state = this.job(jobId)?.state.kind;
        return state !== undefined && state !== "pending";
      },
      start: () => {
        this.lastExecution = null;
        start.fire();
        const execution = this.lastExecution as Promise<unknown> | null;
        if (!execution) throw new Error(`convex-test did not start scheduled function ${jobId}.`);
        return execution.catch((error: unknown) => this.finishedOddly(jobId, error));
      },
    });
  }

  private finishedOddly(jobId: string, error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    if (CANCELED_WHILE_RUNNING.test(message)) return;
    const name = this.job(jobId)?.name ?? jobId;
    log.error(`Scheduled function ${name} ended in an unexpected state: ${message}`);
  }
}
