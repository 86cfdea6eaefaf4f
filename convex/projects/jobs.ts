import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation } from "../_generated/server";
import { authedQuery } from "../functions";
import { checkJobDeadline, failJob, jobView } from "../model/projects/jobs";
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

/**
 * Safety net scheduled with every job: fails and refunds a job whose worker
 * died without reporting (a crash, a deploy) or ran past its deadline, and
 * looks again later at a job still waiting for a free slot or running within
 * its time. A job that already ended is untouched.
 */
export const expire = internalMutation({
  args: { jobId: v.id("aiJobs") },
  returns: v.null(),
  handler: async (ctx, { jobId }) => {
    const again = await checkJobDeadline(ctx, jobId, Date.now());
    if (again !== null) await ctx.scheduler.runAt(again, internal.projects.jobs.expire, { jobId });
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
