import { v } from "convex/values";
import { internalMutation } from "../_generated/server";
import { authedQuery } from "../functions";
import { ErrorCode } from "../errors";
import { failJob, jobView } from "../model/projects/jobs";
import { jobViewValidator } from "../model/projects/projects";

/** One of the signed-in user's jobs (null for missing or foreign), watched live by the UI. */
export const get = authedQuery({
  args: { jobId: v.id("aiJobs") },
  returns: v.union(jobViewValidator, v.null()),
  handler: async (ctx, { jobId }) => {
    const job = await ctx.db.get("aiJobs", jobId);
    return job && job.userId === ctx.user._id ? jobView(job) : null;
  },
});

/** The user's latest jobs, newest first, so running work survives a reload. */
export const recent = authedQuery({
  args: {},
  returns: v.array(jobViewValidator),
  handler: async (ctx) => {
    const jobs = await ctx.db
      .query("aiJobs")
      .withIndex("by_userId", (q) => q.eq("userId", ctx.user._id))
      .order("desc")
      .take(5);
    return jobs.map(jobView);
  },
});

/** How long a job may stay unfinished before it is failed and refunded. */
export const JOB_DEADLINE_MS = { projectGeneration: 5 * 60_000, urlScrape: 2 * 60_000 } as const;

/**
 * Safety net scheduled with every job: if its worker died without reporting
 * (a crash, a deploy), the job fails and the credits come back. A job that
 * already ended is untouched.
 */
export const expire = internalMutation({
  args: { jobId: v.id("aiJobs") },
  returns: v.null(),
  handler: async (ctx, { jobId }) => {
    const job = await ctx.db.get("aiJobs", jobId);
    if (!job) return null;
    await failJob(ctx, jobId, {
      code: job.kind === "urlScrape" ? ErrorCode.URL_TIMEOUT : ErrorCode.GENERATION_FAILED,
      message: "This took too long and was stopped. Your credits were refunded.",
    });
    return null;
  },
});

/** Reports a worker's failure: marks the job failed and refunds it once. */
export const fail = internalMutation({
  args: { jobId: v.id("aiJobs"), code: v.string(), message: v.string() },
  returns: v.number(),
  handler: async (ctx, { jobId, code, message }) => {
    return await failJob(ctx, jobId, { code, message });
  },
});
