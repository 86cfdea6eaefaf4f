import { v } from "convex/values";
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { appError, ErrorCode, notFound } from "../../errors";
import { nextUserCounterValue } from "../counters";
import {
  aiJobPublicFields,
  taskStatusValidator,
  type TaskStatus,
} from "../../schema";

export const PROJECT_NAME_MAX = 80;
export const PROJECT_DESCRIPTION_MAX = 2000;
export const TASK_TITLE_MAX = 200;
/** Keeps a project's deletion (which removes its tasks) inside one transaction. */
export const MAX_TASKS_PER_PROJECT = 500;
export const MAX_SOURCES_PER_PROJECT = 20;

/** Trims and collapses whitespace; line breaks never belong in names. */
export const cleanLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** One trimmed line of 1..max characters, or a ConvexError with `code`. */
function validLine(
  raw: string,
  max: number,
  code: typeof ErrorCode.INVALID_NAME | typeof ErrorCode.INVALID_TITLE,
  what: { empty: string; tooLong: string },
): string {
  const line = cleanLine(raw);
  if (line === "") throw appError(code, what.empty);
  if (line.length > max) throw appError(code, `${what.tooLong} can be at most ${max} characters.`, { max });
  return line;
}

export const validName = (raw: string) =>
  validLine(raw, PROJECT_NAME_MAX, ErrorCode.INVALID_NAME, {
    empty: "Give the project a name.",
    tooLong: "Project names",
  });

export function validDescription(raw: string): string {
  const description = raw.trim();
  if (description.length > PROJECT_DESCRIPTION_MAX) {
    throw appError(
      ErrorCode.INVALID_ARGUMENT,
      `Descriptions can be at most ${PROJECT_DESCRIPTION_MAX} characters.`,
      { max: PROJECT_DESCRIPTION_MAX },
    );
  }
  return description;
}

export const validTaskTitle = (raw: string) =>
  validLine(raw, TASK_TITLE_MAX, ErrorCode.INVALID_TITLE, {
    empty: "Give the task a title.",
    tooLong: "Task titles",
  });

/** The project if `userId` owns it; missing and foreign look the same. */
export async function findOwnedProject(
  ctx: QueryCtx,
  userId: Id<"users">,
  projectId: Id<"projects">,
): Promise<Doc<"projects"> | null> {
  const project = await ctx.db.get("projects", projectId);
  return project && project.userId === userId ? project : null;
}

export async function getOwnedProject(
  ctx: QueryCtx,
  userId: Id<"users">,
  projectId: Id<"projects">,
): Promise<Doc<"projects">> {
  const project = await findOwnedProject(ctx, userId, projectId);
  if (!project) throw notFound("That project");
  return project;
}

export async function getOwnedTask(
  ctx: QueryCtx,
  userId: Id<"users">,
  taskId: Id<"tasks">,
): Promise<Doc<"tasks">> {
  const task = await ctx.db.get("tasks", taskId);
  if (!task || task.userId !== userId) throw notFound("That task");
  return task;
}

const PROJECT_DISPLAY_ID = /^PJ-\d{6,}$/;

/** "PJ-000007": a project's readable address, numbered per user (as chats are "CH-000001"). */
export function formatProjectDisplayId(n: number): string {
  return `PJ-${String(n).padStart(6, "0")}`;
}

/**
 * The user's project named by the address bar: a display id, or the raw id
 * older projects (and old links) use. Null when missing, someone else's or
 * malformed, so the page can say so.
 */
export async function findProjectByRef(ctx: QueryCtx, userId: Id<"users">, ref: string): Promise<Doc<"projects"> | null> {
  if (PROJECT_DISPLAY_ID.test(ref)) {
    return await ctx.db
      .query("projects")
      .withIndex("by_userId_and_displayId", (q) => q.eq("userId", userId).eq("displayId", ref))
      .unique();
  }
  const id = ctx.db.normalizeId("projects", ref);
  return id ? await findOwnedProject(ctx, userId, id) : null;
}

export async function createProject(
  ctx: MutationCtx,
  userId: Id<"users">,
  fields: { name: string; description: string; source: Doc<"projects">["source"] },
): Promise<Id<"projects">> {
  const now = Date.now();
  // No project had a number before this counter, so it starts at 1.
  const number = await nextUserCounterValue(ctx, userId, "projectDisplayId", async () => 0);
  return await ctx.db.insert("projects", {
    userId,
    displayId: formatProjectDisplayId(number),
    name: validName(fields.name),
    description: validDescription(fields.description),
    source: fields.source,
    createdAt: now,
    updatedAt: now,
    taskCount: 0,
    doneCount: 0,
  });
}

/** Bumps the project to the top of the list and adjusts its progress counters. */
async function touchProject(
  ctx: MutationCtx,
  project: Doc<"projects">,
  delta: { tasks?: number; done?: number } = {},
) {
  await ctx.db.patch("projects", project._id, {
    updatedAt: Date.now(),
    taskCount: Math.max(0, (project.taskCount ?? 0) + (delta.tasks ?? 0)),
    doneCount: Math.max(0, (project.doneCount ?? 0) + (delta.done ?? 0)),
  });
}

async function lastTaskOrder(ctx: QueryCtx, projectId: Id<"projects">): Promise<number> {
  const last = await ctx.db
    .query("tasks")
    .withIndex("by_projectId_and_order", (q) => q.eq("projectId", projectId))
    .order("desc")
    .first();
  return last?.order ?? 0;
}

/** Appends tasks (already validated titles or not) to the end of a project. */
export async function addTasks(
  ctx: MutationCtx,
  project: Doc<"projects">,
  titles: string[],
): Promise<Id<"tasks">[]> {
  if ((project.taskCount ?? 0) + titles.length > MAX_TASKS_PER_PROJECT) {
    throw appError(
      ErrorCode.INVALID_ARGUMENT,
      `A project can hold at most ${MAX_TASKS_PER_PROJECT} tasks.`,
      { max: MAX_TASKS_PER_PROJECT },
    );
  }
  const clean = titles.map(validTaskTitle);
  let order = await lastTaskOrder(ctx, project._id);
  const now = Date.now();
  const ids: Id<"tasks">[] = [];
  for (const title of clean) {
    order += 1;
    ids.push(
      await ctx.db.insert("tasks", {
        projectId: project._id,
        userId: project.userId,
        title,
        status: "todo",
        order,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }
  await touchProject(ctx, project, { tasks: clean.length });
  return ids;
}

export async function setTaskStatus(ctx: MutationCtx, task: Doc<"tasks">, status: TaskStatus) {
  if (task.status === status) return;
  await ctx.db.patch("tasks", task._id, { status, updatedAt: Date.now() });
  const project = await ctx.db.get("projects", task.projectId);
  if (!project) return;
  const done = (status === "done" ? 1 : 0) - (task.status === "done" ? 1 : 0);
  await touchProject(ctx, project, { done });
}

export async function renameTask(ctx: MutationCtx, task: Doc<"tasks">, title: string) {
  await ctx.db.patch("tasks", task._id, { title: validTaskTitle(title), updatedAt: Date.now() });
  const project = await ctx.db.get("projects", task.projectId);
  if (project) await touchProject(ctx, project);
}

export async function deleteTask(ctx: MutationCtx, task: Doc<"tasks">) {
  await ctx.db.delete("tasks", task._id);
  const project = await ctx.db.get("projects", task.projectId);
  if (!project) return;
  await touchProject(ctx, project, { tasks: -1, done: task.status === "done" ? -1 : 0 });
}

/** Deletes a project with its tasks and sources (both capped, so this is bounded). */
export async function deleteProject(ctx: MutationCtx, project: Doc<"projects">) {
  const tasks = await ctx.db
    .query("tasks")
    .withIndex("by_projectId_and_order", (q) => q.eq("projectId", project._id))
    .take(MAX_TASKS_PER_PROJECT + 1);
  for (const task of tasks) await ctx.db.delete("tasks", task._id);
  const sources = await ctx.db
    .query("projectSources")
    .withIndex("by_projectId", (q) => q.eq("projectId", project._id))
    .take(MAX_SOURCES_PER_PROJECT + 1);
  for (const source of sources) await ctx.db.delete("projectSources", source._id);
  await ctx.db.delete("projects", project._id);
}

/** Checked before charging for a scrape, and again when its result is stored. */
export async function assertRoomForSource(ctx: QueryCtx, projectId: Id<"projects">) {
  const existing = await ctx.db
    .query("projectSources")
    .withIndex("by_projectId", (q) => q.eq("projectId", projectId))
    .take(MAX_SOURCES_PER_PROJECT);
  if (existing.length >= MAX_SOURCES_PER_PROJECT) {
    throw appError(
      ErrorCode.INVALID_ARGUMENT,
      `A project can hold at most ${MAX_SOURCES_PER_PROJECT} pages.`,
      { max: MAX_SOURCES_PER_PROJECT },
    );
  }
}

export async function addSource(
  ctx: MutationCtx,
  project: Doc<"projects">,
  page: { url: string; title: string; excerpt: string },
): Promise<Id<"projectSources">> {
  await assertRoomForSource(ctx, project._id);
  const id = await ctx.db.insert("projectSources", {
    projectId: project._id,
    userId: project.userId,
    ...page,
    createdAt: Date.now(),
  });
  await touchProject(ctx, project);
  return id;
}

export function projectSummary(project: Doc<"projects">) {
  return {
    _id: project._id,
    name: project.name,
    description: project.description,
    source: project.source,
    createdAt: project.createdAt,
    updatedAt: project.updatedAt,
    taskCount: project.taskCount ?? 0,
    doneCount: project.doneCount ?? 0,
    ...(project.displayId ? { displayId: project.displayId } : {}),
  };
}

/* ------------------------------------------------------------ validators */

export const projectSummaryValidator = v.object({
  _id: v.id("projects"),
  name: v.string(),
  description: v.string(),
  source: v.union(v.literal("manual"), v.literal("ai"), v.literal("url")),
  createdAt: v.number(),
  updatedAt: v.number(),
  taskCount: v.number(),
  doneCount: v.number(),
  /** Where the project lives in the app ("/projects/PJ-000007"); older projects are addressed by id. */
  displayId: v.optional(v.string()),
});

export const taskViewValidator = v.object({
  _id: v.id("tasks"),
  projectId: v.id("projects"),
  title: v.string(),
  status: taskStatusValidator,
  order: v.number(),
  createdAt: v.number(),
  updatedAt: v.number(),
});

export function taskView(task: Doc<"tasks">) {
  const { _id, projectId, title, status, order, createdAt, updatedAt } = task;
  return { _id, projectId, title, status, order, createdAt, updatedAt };
}

export const sourceViewValidator = v.object({
  _id: v.id("projectSources"),
  url: v.string(),
  title: v.string(),
  excerpt: v.string(),
  createdAt: v.number(),
});

export function sourceView(source: Doc<"projectSources">) {
  const { _id, url, title, excerpt, createdAt } = source;
  return { _id, url, title, excerpt, createdAt };
}

export const jobViewValidator = v.object({ _id: v.id("aiJobs"), ...aiJobPublicFields });

/* --------------------------------------------------------- chat context */

export const CONTEXT_PAGES = 5;
export const CONTEXT_PAGE_CHARS = 500;

/**
 * The user's newest attached pages, clipped, for the chat's "projects and
 * tasks" context: a bounded read (CONTEXT_PAGES rows) however many exist.
 */
export async function pagesForContext(ctx: QueryCtx, userId: Id<"users">) {
  const sources = await ctx.db
    .query("projectSources")
    .withIndex("by_userId", (q) => q.eq("userId", userId))
    .order("desc")
    .take(CONTEXT_PAGES);
  return sources.map((source) => {
    const excerpt = source.excerpt.replace(/\s+/g, " ").trim();
    return {
      projectId: source.projectId,
      title: source.title,
      url: source.url,
      excerpt: excerpt.length > CONTEXT_PAGE_CHARS ? `${excerpt.slice(0, CONTEXT_PAGE_CHARS - 1)}…` : excerpt,
    };
  });
}
