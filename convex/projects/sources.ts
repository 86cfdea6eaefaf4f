import { v } from "convex/values";
import { authedMutation, authedQuery } from "../functions";
import { notFound } from "../errors";
import {
  getOwnedProject,
  MAX_SOURCES_PER_PROJECT,
  sourceView,
  sourceViewValidator,
} from "../model/projects/projects";

/** Pages attached to a project, newest first (at most MAX_SOURCES_PER_PROJECT). */
export const list = authedQuery({
  args: { projectId: v.id("projects") },
  returns: v.array(sourceViewValidator),
  handler: async (ctx, { projectId }) => {
    await getOwnedProject(ctx, ctx.user._id, projectId);
    const sources = await ctx.db
      .query("projectSources")
      .withIndex("by_projectId", (q) => q.eq("projectId", projectId))
      .order("desc")
      .take(MAX_SOURCES_PER_PROJECT);
    return sources.map(sourceView);
  },
});

export const remove = authedMutation({
  args: { sourceId: v.id("projectSources") },
  returns: v.null(),
  handler: async (ctx, { sourceId }) => {
    const source = await ctx.db.get("projectSources", sourceId);
    if (!source || source.userId !== ctx.user._id) throw notFound("That page");
    await ctx.db.delete("projectSources", sourceId);
    return null;
  },
});
