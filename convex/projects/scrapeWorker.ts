"use node";
import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalAction } from "../_generated/server";
import { ErrorCode, isAppError } from "../errors";
import { scrapeUrl } from "../model/projects/scrape/scrapeUrl";

/**
 * Fetches the page of a claimed scrape job. Anything that does not end in a
 * stored page fails the job, which refunds the 5 credits exactly once.
 */
export const run = internalAction({
  args: { jobId: v.id("aiJobs") },
  returns: v.null(),
  handler: async (ctx, { jobId }) => {
    const job = await ctx.runMutation(internal.projects.scrape.claim, { jobId });
    if (!job) return null;
    try {
      const page = await scrapeUrl(job.url);
      await ctx.runMutation(internal.projects.scrape.complete, { jobId, page });
    } catch (error) {
      const failure = isAppError(error)
        ? { code: error.data.code, message: error.data.message }
        : { code: ErrorCode.URL_FETCH_FAILED, message: "That page could not be fetched." };
      if (!isAppError(error)) console.error("scrape job failed", jobId, error);
      await ctx.runMutation(internal.projects.jobs.fail, { jobId, ...failure });
    }
    return null;
  },
});
