import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v } from "convex/values";
import { authedMutation, authedQuery } from "../functions";
import { boundedPage } from "../model/pagination";
import {
  createProject,
  deleteProject,
  findProjectByRef,
  getOwnedProject,
  projectSummary,
  projectSummaryValidator,
  validDescription,
  validName,
} from "../model/projects/projects";

/** The signed-in user's projects, most recently active first. */
export const list = authedQuery({
  args: { paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(projectSummaryValidator),
  handler: async (ctx, { paginationOpts }) => {
    const page = await ctx.db
      .query("projects")
      .withIndex("by_userId_and_updatedAt", (q) => q.eq("userId", ctx.user._id))
      .order("desc")
      .paginate(boundedPage(paginationOpts));
    return { ...page, page: page.page.map(projectSummary) };
  },
});

/**
 * One project by the address bar's reference (its display id, or the id
 * older projects use), or null when it is missing, someone else's or
 * malformed, so the page can say so.
 */
export const get = authedQuery({
  args: { projectId: v.string() },
  returns: v.union(projectSummaryValidator, v.null()),
  handler: async (ctx, { projectId }) => {
    const project = await findProjectByRef(ctx, ctx.user._id, projectId);
    return project ? projectSummary(project) : null;
  },
});

export const create = authedMutation({
  args: { name: v.string(), description: v.optional(v.string()) },
  returns: v.id("projects"),
  handler: async (ctx, { name, description }) => {
    return await createProject(ctx, ctx.user._id, {
      name,
      description: description ?? "",
      source: "manual",
    });
  },
});

export const rename = authedMutation({
  args: { projectId: v.id("projects"), name: v.string() },
  returns: v.null(),
  handler: async (ctx, { projectId, name }) => {
    const project = await getOwnedProject(ctx, ctx.user._id, projectId);
    await ctx.db.patch("projects", project._id, { name: validName(name), updatedAt: Date.now() });
    return null;
  },
});

export const setDescription = authedMutation({
  args: { projectId: v.id("projects"), description: v.string() },
  returns: v.null(),
  handler: async (ctx, { projectId, description }) => {
    const project = await getOwnedProject(ctx, ctx.user._id, projectId);
    await ctx.db.patch("projects", project._id, {
      description: validDescription(description),
      updatedAt: Date.now(),
    });
    return null;
  },
});

/** Deletes the project with its tasks and attached pages. */
export const remove = authedMutation({
  args: { projectId: v.id("projects") },
  returns: v.null(),
  handler: async (ctx, { projectId }) => {
    const project = await getOwnedProject(ctx, ctx.user._id, projectId);
    await deleteProject(ctx, project);
    return null;
  },
});
