import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v } from "convex/values";
import { authedMutation, authedQuery } from "../functions";
import { boundedPage } from "../model/pagination";
import {
  addTasks,
  deleteTask,
  getOwnedProject,
  getOwnedTask,
  renameTask,
  setTaskStatus,
  taskView,
  taskViewValidator,
} from "../model/projects/projects";
import { taskStatusValidator } from "../schema";

/** A project's tasks in their order. */
export const list = authedQuery({
  args: { projectId: v.id("projects"), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(taskViewValidator),
  handler: async (ctx, { projectId, paginationOpts }) => {
    await getOwnedProject(ctx, ctx.user._id, projectId);
    const page = await ctx.db
      .query("tasks")
      .withIndex("by_projectId_and_order", (q) => q.eq("projectId", projectId))
      .paginate(boundedPage(paginationOpts));
    return { ...page, page: page.page.map(taskView) };
  },
});

export const add = authedMutation({
  args: { projectId: v.id("projects"), title: v.string() },
  returns: v.id("tasks"),
  handler: async (ctx, { projectId, title }) => {
    const project = await getOwnedProject(ctx, ctx.user._id, projectId);
    const [taskId] = await addTasks(ctx, project, [title]);
    return taskId!;
  },
});

export const setStatus = authedMutation({
  args: { taskId: v.id("tasks"), status: taskStatusValidator },
  returns: v.null(),
  handler: async (ctx, { taskId, status }) => {
    const task = await getOwnedTask(ctx, ctx.user._id, taskId);
    await setTaskStatus(ctx, task, status);
    return null;
  },
});

export const rename = authedMutation({
  args: { taskId: v.id("tasks"), title: v.string() },
  returns: v.null(),
  handler: async (ctx, { taskId, title }) => {
    const task = await getOwnedTask(ctx, ctx.user._id, taskId);
    await renameTask(ctx, task, title);
    return null;
  },
});

export const remove = authedMutation({
  args: { taskId: v.id("tasks") },
  returns: v.null(),
  handler: async (ctx, { taskId }) => {
    const task = await getOwnedTask(ctx, ctx.user._id, taskId);
    await deleteTask(ctx, task);
    return null;
  },
});
