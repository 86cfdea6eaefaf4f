/**
 * Convex's execution limits, as documented in Convex's limits page
 * (docs.convex.dev/production/state/limits, "Concurrent Function Executions"
 * and "Execution time and scheduling"). Each can be lowered for tests through
 * an environment variable of the backend process.
 */

/**
 * "Scheduled jobs" on the S16 class that Free and Starter deployments run on;
 * also the default of the backend's SCHEDULED_JOB_EXECUTION_PARALLELISM
 * (convex-backend crates/common/src/knobs.rs).
 */
const SCHEDULED_JOBS_S16 = 8;
/** "Query/mutation execution time": 1 second of user code, database operations excluded. */
const QUERY_MUTATION_TIME_MS = 1000;
/**
 * "Node runtime action execution time": 10 minutes. Convex-runtime actions may
 * run 30 minutes, but the engine runs every action in Node and cannot tell the
 * two apart yet, so it applies the shorter figure to all of them.
 */
const ACTION_TIME_MS = 10 * 60 * 1000;

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}".`);
  return value;
}

/** How many scheduled functions run at once (crons have a pool of the same size). */
export function schedulerConcurrency(): number {
  return Math.floor(positiveNumber("HELM_SCHEDULER_CONCURRENCY", SCHEDULED_JOBS_S16));
}

export function queryMutationTimeoutMs(): number {
  return positiveNumber("HELM_QUERY_TIMEOUT_MS", QUERY_MUTATION_TIME_MS);
}

export function actionTimeoutMs(): number {
  return positiveNumber("HELM_ACTION_TIMEOUT_MS", ACTION_TIME_MS);
}

/** Reads every limit once, so a malformed value stops the backend at start-up. */
export function readLimits() {
  return {
    schedulerConcurrency: schedulerConcurrency(),
    queryMutationTimeoutMs: queryMutationTimeoutMs(),
    actionTimeoutMs: actionTimeoutMs(),
  };
}
