import { realClearTimeout, realSetTimeout, runClean } from "./context";

export type QueuedRun = {
  /** Epoch ms at which the run becomes due. */
  dueAt: number;
  /** Starts the run; the slot is held until the returned promise settles. */
  start: () => Promise<unknown>;
  /** Checked when the run's turn comes: true drops it without taking a slot. */
  obsolete?: () => boolean;
};

type Entry = QueuedRun & { seq: number };

/** Timers beyond ~24.8 days overflow; wake up early and re-check. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs work when it is due, at most `capacity` at once; due work that finds
 * every slot taken waits, earliest due first (ties in the order added), as
 * Convex's scheduler walks its queue by next run time.
 */
export class BoundedRunQueue {
  private waiting: Entry[] = [];
  private running = 0;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly capacity: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  get runningCount() {
    return this.running;
  }

  get waitingCount() {
    return this.waiting.length;
  }

  add(run: QueuedRun) {
    const entry = { ...run, seq: this.seq++ };
    const at = this.waiting.findIndex((other) => other.dueAt > entry.dueAt);
    this.waiting.splice(at === -1 ? this.waiting.length : at, 0, entry);
    this.pump();
  }

  /** Forgets every run not started yet (running ones finish). */
  clear() {
    this.waiting = [];
    this.disarm();
  }

  private disarm() {
    if (this.timer) realClearTimeout(this.timer);
    this.timer = null;
  }

  private pump() {
    this.disarm();
    while (this.running < this.capacity && this.waiting.length > 0 && this.waiting[0].dueAt <= Date.now()) {
      const entry = this.waiting.shift()!;
      if (entry.obsolete?.()) continue;
      this.begin(entry);
    }
    const next = this.waiting[0];
    if (next && this.running < this.capacity) {
      const delay = Math.min(MAX_TIMER_MS, Math.max(0, next.dueAt - Date.now()));
      // Server work: keep the timer out of whichever function's context added the run.
      this.timer = runClean(() => realSetTimeout(() => this.pump(), delay));
    }
  }

  private begin(entry: Entry) {
    this.running += 1;
    let settled: Promise<unknown>;
    try {
      settled = runClean(entry.start);
    } catch (error) {
      settled = Promise.reject(error);
    }
    void settled
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running -= 1;
        this.pump();
      });
  }
}
