import { AsyncLocalStorage } from "node:async_hooks";
import type { ReadSet } from "./read-set";

/**
 * Runs a callback outside every async context that was active when it is
 * called. convex-test replaces globals such as `setTimeout` and `fetch` for
 * the duration of a function run (through AsyncLocalStorage), and a commit
 * hook fires inside that context, so server work (timers, socket writes,
 * re-running queries) must first step back into this clean context, captured
 * when the backend module is first imported.
 */
export const runClean: <R>(fn: () => R) => R = AsyncLocalStorage.snapshot();

/** Timers as they were before convex-test installed its global accessors. */
export const realSetTimeout = globalThis.setTimeout.bind(globalThis);
export const realClearTimeout = globalThis.clearTimeout.bind(globalThis);
export const realSetInterval = globalThis.setInterval.bind(globalThis);
export const realClearInterval = globalThis.clearInterval.bind(globalThis);

/** What one run of a subscribed query read, so it is re-run only when needed. */
export type ReadTracker = {
  reads: ReadSet;
  /** The end cursor pinned by an earlier run of this subscription (its journal). */
  pinnedEndCursor: string | null;
  /** The end cursor this run produced, to pin on later runs. */
  producedEndCursor: string | null;
  /** The engine's commit version when the query took the transaction lock. */
  version: number | null;
};

export const readTracking = new AsyncLocalStorage<ReadTracker>();
