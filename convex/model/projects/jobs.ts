import type { FunctionReference } from "convex/server";
import { internal } from "../../_generated/api";
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { appError, ErrorCode } from "../../errors";
import { refund, spend } from "../billing/credits";
import { scheduledRunIsLive } from "../scheduled";

export type JobKind = Doc<"aiJobs">["kind"];

/** A client-made key per click, so a retried request never charges twice. */
export function validRequestId(clientRequestId: string): string {
  const id = clientRequestId.trim();
  if (!/^[\w-]{8,100}$/.test(id)) {
    throw appError(ErrorCode.INVALID_ARGUMENT, "That request is malformed; reload and try again.");
  }
  return id;
}

export const debitKeyFor = (kind: JobKind, userId: Id<"users">, clientRequestId: string) =>
  `${kind}:${userId}:${clientRequestId}`;

/**
 * Creates a job and debits its cost in the caller's transaction. A repeat of
 * the same request returns the existing job; insufficient credits throw (and
 * roll the job back). Returns the job id and whether it is new, so only a new
 * job gets its worker scheduled.
 */
export async function openJob(
  ctx: MutationCtx,
  user: Doc<"users">,
  kind: JobKind,
  clientRequestId: string,
  fields: { input: string; projectId?: Id<"projects"> },
): Promise<{ jobId: Id<"aiJobs">; created: boolean }> {
  const debitKey = debitKeyFor(kind, user._id, validRequestId(clientRequestId));
  const existing = await ctx.db
    .query("aiJobs")
    .withIndex("by_debitKey", (q) => q.eq("debitKey", debitKey))
    .unique();
  if (existing) return { jobId: existing._id, created: false };
  const now = Date.now();
  const jobId = await ctx.db.insert("aiJobs", {
    userId: user._id,
    kind,
    status: "pending",
    input: fields.input,
    projectId: fields.projectId,
    debitKey,
    createdAt: now,
    updatedAt: now,
  });
  await spend(ctx, user, kind, debitKey, { type: "job", id: jobId });
  return { jobId, created: true };
}

/** How long a job may run, counted from when its worker starts (not from the queue). */
export const JOB_DEADLINE_MS = { projectGeneration: 5 * 60_000, urlScrape: 2 * 60_000 } as const;

type Worker = FunctionReference<"action", "internal", { jobId: Id<"aiJobs"> }, null>;

/**
 * Schedules a new job's worker and its watchdog. The worker's run id is kept
 * on the job, so the watchdog can tell a job waiting for a free scheduler
 * slot from one whose worker died.
 */
export async function scheduleJob(ctx: MutationCtx, job: { jobId: Id<"aiJobs">; kind: JobKind }, worker: Worker) {
  const workerId = await ctx.scheduler.runAfter(0, worker, { jobId: job.jobId });
  await ctx.db.patch("aiJobs", job.jobId, { workerId });
  await ctx.scheduler.runAfter(JOB_DEADLINE_MS[job.kind], internal.projects.jobs.expire, { jobId: job.jobId });
}

/** Moves a pending job to running; null when it is gone or already claimed. */
export async function claimJob(
  ctx: MutationCtx,
  jobId: Id<"aiJobs">,
): Promise<Doc<"aiJobs"> | null> {
  const job = await ctx.db.get("aiJobs", jobId);
  if (!job || job.status !== "pending") return null;
  const now = Date.now();
  await ctx.db.patch("aiJobs", jobId, { status: "running", startedAt: now, updatedAt: now });
  return job;
}

export const JOB_EXPIRED_MESSAGE = "This took too long and was stopped. Your credits were refunded.";

/**
 * The watchdog: fails and refunds a job whose worker died or overran its
 * deadline. A job still waiting for its worker to start is left alone and
 * checked again later; a running job gets until `startedAt + deadline`.
 * Returns when to look again, or null once the job has ended.
 */
export async function checkJobDeadline(ctx: MutationCtx, jobId: Id<"aiJobs">, now: number): Promise<number | null> {
  const job = await openJobFor(ctx, jobId);
  if (!job) return null;
  const deadline = JOB_DEADLINE_MS[job.kind];
  if (job.status === "pending" && (await scheduledRunIsLive(ctx, job.workerId))) return now + deadline;
  if (job.status === "running" && job.startedAt !== undefined && now < job.startedAt + deadline) {
    return job.startedAt + deadline;
  }
  await failJob(ctx, jobId, {
    code: job.kind === "urlScrape" ? ErrorCode.URL_TIMEOUT : ErrorCode.GENERATION_FAILED,
    message: JOB_EXPIRED_MESSAGE,
  });
  return null;
}

/** The job while it can still finish; a failed or finished job takes no result. */
export async function openJobFor(
  ctx: MutationCtx,
  jobId: Id<"aiJobs">,
): Promise<Doc<"aiJobs"> | null> {
  const job = await ctx.db.get("aiJobs", jobId);
  return job && (job.status === "pending" || job.status === "running") ? job : null;
}

export async function succeedJob(
  ctx: MutationCtx,
  job: Doc<"aiJobs">,
  projectId: Id<"projects">,
) {
  await ctx.db.patch("aiJobs", job._id, {
    status: "succeeded",
    projectId,
    updatedAt: Date.now(),
  });
}

/**
 * Marks an unfinished job failed and refunds its debit. A job that already
 * ended is left alone, and `refund` itself is keyed, so the credits come back
 * exactly once however many times this runs. Returns the credits restored.
 */
export async function failJob(
  ctx: MutationCtx,
  jobId: Id<"aiJobs">,
  error: { code: string; message: string },
): Promise<number> {
  const job = await openJobFor(ctx, jobId);
  if (!job) return 0;
  await ctx.db.patch("aiJobs", jobId, {
    status: "failed",
    error: error.message,
    errorCode: error.code,
    updatedAt: Date.now(),
  });
  const refunded = await refund(ctx, job.debitKey, error.code);
  return refunded?.refunded ?? 0;
}

export function jobView(job: Doc<"aiJobs">) {
  return {
    _id: job._id,
    kind: job.kind,
    status: job.status,
    input: job.input,
    projectId: job.projectId,
    error: job.error,
    errorCode: job.errorCode,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    startedAt: job.startedAt,
  };
}
