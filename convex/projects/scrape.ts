import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation } from "../_generated/server";
import { authedMutation } from "../functions";
import { ErrorCode } from "../errors";
import { claimJob, failJob, openJob, openJobFor, scheduleJob, succeedJob } from "../model/projects/jobs";
import {
  addSource,
  assertRoomForSource,
  createProject,
  findOwnedProject,
  getOwnedProject,
  MAX_SOURCES_PER_PROJECT,
} from "../model/projects/projects";
import { projectFromPage } from "../model/projects/scrape/text";
import { scrapeSettings } from "../model/projects/scrape/addressPolicy";
import { parseScrapeUrl } from "../model/projects/scrape/url";

/**
 * Attaches a web page to a project (5 credits), or, without a project, makes
 * a new project from the page. Checks what can be judged from the text
 * (scheme, host) before charging; the fetch runs in a Node action that
 * re-checks every address it connects to and refunds on failure.
 */
export const start = authedMutation({
  args: {
    projectId: v.optional(v.id("projects")),
    url: v.string(),
    clientRequestId: v.string(),
  },
  returns: v.object({ jobId: v.id("aiJobs") }),
  handler: async (ctx, { projectId, url, clientRequestId }) => {
    const project = projectId ? await getOwnedProject(ctx, ctx.user._id, projectId) : null;
    const parsed = parseScrapeUrl(url, scrapeSettings().policy);
    if (project) await assertRoomForSource(ctx, project._id);
    const { jobId, created } = await openJob(ctx, ctx.user, "urlScrape", clientRequestId, {
      input: parsed.href,
      projectId: project?._id,
    });
    if (created) await scheduleJob(ctx, { jobId, kind: "urlScrape" }, internal.projects.scrapeWorker.run);
    return { jobId };
  },
});

/** Hands a pending job to the worker (once). */
export const claim = internalMutation({
  args: { jobId: v.id("aiJobs") },
  returns: v.union(v.object({ url: v.string() }), v.null()),
  handler: async (ctx, { jobId }) => {
    const job = await claimJob(ctx, jobId);
    return job ? { url: job.input } : null;
  },
});

/** Stores the scraped page on its project (or a new one) and closes the job. */
export const complete = internalMutation({
  args: {
    jobId: v.id("aiJobs"),
    page: v.object({ url: v.string(), title: v.string(), excerpt: v.string() }),
  },
  returns: v.null(),
  handler: async (ctx, { jobId, page }) => {
    const job = await openJobFor(ctx, jobId);
    if (!job) return null;
    if (!job.projectId) {
      const projectId = await createProject(ctx, job.userId, projectFromPage(page));
      await addSource(ctx, (await ctx.db.get("projects", projectId))!, page);
      await succeedJob(ctx, job, projectId);
      return null;
    }
    const project = await findOwnedProject(ctx, job.userId, job.projectId);
    if (!project) {
      await failJob(ctx, jobId, {
        code: ErrorCode.NOT_FOUND,
        message: "The project was deleted before the page arrived.",
      });
      return null;
    }
    try {
      await assertRoomForSource(ctx, project._id);
    } catch {
      await failJob(ctx, jobId, {
        code: ErrorCode.INVALID_ARGUMENT,
        message: `A project can hold at most ${MAX_SOURCES_PER_PROJECT} pages.`,
      });
      return null;
    }
    await addSource(ctx, project, page);
    await succeedJob(ctx, job, project._id);
    return null;
  },
});
