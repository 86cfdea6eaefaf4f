import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalAction, internalMutation } from "../_generated/server";
import { authedMutation } from "../functions";
import { ErrorCode, isAppError } from "../errors";
import { claimJob, openJob, openJobFor, scheduleJob, succeedJob } from "../model/projects/jobs";
import { generateProjectPlan, validPrompt } from "../model/projects/generation";
import { addTasks, createProject } from "../model/projects/projects";

/**
 * Turns a prompt into a project with tasks (15 credits). Debits here, in the
 * mutation, keyed by the client's request id; the model call runs in an
 * internal action that reports back and refunds on failure.
 */
export const start = authedMutation({
  args: { prompt: v.string(), clientRequestId: v.string() },
  returns: v.object({ jobId: v.id("aiJobs") }),
  handler: async (ctx, { prompt, clientRequestId }) => {
    const input = validPrompt(prompt);
    const { jobId, created } = await openJob(ctx, ctx.user, "projectGeneration", clientRequestId, {
      input,
    });
    if (created) await scheduleJob(ctx, { jobId, kind: "projectGeneration" }, internal.projects.generate.run);
    return { jobId };
  },
});

export const claim = internalMutation({
  args: { jobId: v.id("aiJobs") },
  returns: v.union(v.object({ prompt: v.string() }), v.null()),
  handler: async (ctx, { jobId }) => {
    const job = await claimJob(ctx, jobId);
    return job ? { prompt: job.input } : null;
  },
});

/** Creates the generated project and its tasks and closes the job, in one transaction. */
export const complete = internalMutation({
  args: {
    jobId: v.id("aiJobs"),
    plan: v.object({ name: v.string(), description: v.string(), tasks: v.array(v.string()) }),
  },
  returns: v.union(v.id("projects"), v.null()),
  handler: async (ctx, { jobId, plan }) => {
    const job = await openJobFor(ctx, jobId);
    if (!job) return null;
    const projectId = await createProject(ctx, job.userId, {
      name: plan.name,
      description: plan.description,
      source: "ai",
    });
    const project = (await ctx.db.get("projects", projectId))!;
    await addTasks(ctx, project, plan.tasks);
    await succeedJob(ctx, job, projectId);
    return projectId;
  },
});

export const run = internalAction({
  args: { jobId: v.id("aiJobs") },
  returns: v.null(),
  handler: async (ctx, { jobId }) => {
    const job = await ctx.runMutation(internal.projects.generate.claim, { jobId });
    if (!job) return null;
    try {
      const plan = await generateProjectPlan(job.prompt);
      await ctx.runMutation(internal.projects.generate.complete, {
        jobId,
        plan: {
          name: plan.name,
          description: plan.description,
          tasks: plan.tasks.map((task) => task.title),
        },
      });
    } catch (error) {
      const failure = isAppError(error)
        ? { code: error.data.code, message: error.data.message }
        : { code: ErrorCode.GENERATION_FAILED, message: "Generating the project failed. Please try again." };
      if (!isAppError(error)) console.error("generation job failed", jobId, error);
      await ctx.runMutation(internal.projects.jobs.fail, { jobId, ...failure });
    }
    return null;
  },
});
