import { doc } from "convex-helpers/validators";
import type { PaginationResult } from "convex/server";
import { v, type Infer } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import schema from "../schema";

/*
 * "Export my data" and a chat's export are walked by the client one page at
 * a time, each page its own query. A query may read 16 MiB and 32,000
 * documents, so one that gathered a user's 10,000 messages could fail; a
 * page reads at most EXPORT_PAGE_ROWS rows and EXPORT_PAGE_BYTES, whatever
 * the documents' size (a page cut short by bytes simply continues).
 */

export const EXPORT_PAGE_ROWS = 200;
export const EXPORT_PAGE_BYTES = 4 * 1024 * 1024;

export const exportTableValidator = v.union(
  v.literal("chatSessions"),
  v.literal("chatMessages"),
  v.literal("projects"),
  v.literal("tasks"),
  v.literal("creditLedger"),
);
export type ExportTable = Infer<typeof exportTableValidator>;
export const EXPORT_TABLES: ExportTable[] = ["chatSessions", "chatMessages", "projects", "tasks", "creditLedger"];

const cursorFields = { continueCursor: v.string(), isDone: v.boolean() };

/** One page of one table: the rows as stored (they are all the caller's own). */
export const exportPageValidator = v.union(
  ...EXPORT_TABLES.map((table) =>
    v.object({ table: v.literal(table), rows: v.array(doc(schema, table)), ...cursorFields }),
  ),
);

function pageOpts(cursor: string | null) {
  return { cursor, numItems: EXPORT_PAGE_ROWS, maximumBytesRead: EXPORT_PAGE_BYTES };
}

/** One page of the caller's rows of `table`, each read through an index on the owner. */
export async function exportPage(ctx: QueryCtx, userId: Id<"users">, table: ExportTable, cursor: string | null) {
  let page: PaginationResult<Doc<ExportTable>>;
  switch (table) {
    case "chatSessions":
      page = await ctx.db.query("chatSessions").withIndex("by_userId", (q) => q.eq("userId", userId)).paginate(pageOpts(cursor));
      break;
    case "chatMessages":
      page = await ctx.db.query("chatMessages").withIndex("by_userId", (q) => q.eq("userId", userId)).paginate(pageOpts(cursor));
      break;
    case "projects":
      page = await ctx.db
        .query("projects")
        .withIndex("by_userId_and_updatedAt", (q) => q.eq("userId", userId))
        .paginate(pageOpts(cursor));
      break;
    case "tasks":
      page = await ctx.db.query("tasks").withIndex("by_userId_and_status", (q) => q.eq("userId", userId)).paginate(pageOpts(cursor));
      break;
    case "creditLedger":
      page = await ctx.db.query("creditLedger").withIndex("by_userId", (q) => q.eq("userId", userId)).paginate(pageOpts(cursor));
      break;
  }
  return { table, rows: page.page, continueCursor: page.continueCursor, isDone: page.isDone } as Infer<
    typeof exportPageValidator
  >;
}

export const chatExportMessageValidator = v.object({
  _id: v.id("chatMessages"),
  role: v.union(v.literal("user"), v.literal("assistant"), v.literal("system")),
  content: v.string(),
  status: doc(schema, "chatMessages").fields.status,
  createdAt: v.number(),
  error: v.optional(v.string()),
  model: v.optional(v.string()),
  modelId: v.optional(v.string()),
  tokens: doc(schema, "chatMessages").fields.tokens,
  creditsUsed: v.number(),
});

export const chatExportPageValidator = v.object({
  session: v.object({
    displayId: v.string(),
    title: v.string(),
    createdAt: v.number(),
    updatedAt: v.number(),
    modelId: v.optional(v.string()),
    archivedAt: v.optional(v.number()),
  }),
  messages: v.array(chatExportMessageValidator),
  ...cursorFields,
});

/**
 * One page of a chat's messages as the chat shows them (its chosen path of
 * versions), oldest first, with the chat's own fields. "Export my data" has
 * every version, with the fields that place it in the tree.
 */
export async function chatExportPage(ctx: QueryCtx, session: Doc<"chatSessions">, cursor: string | null) {
  const page = await ctx.db
    .query("chatMessages")
    .withIndex("by_sessionId_and_offPath_and_createdAt", (q) => q.eq("sessionId", session._id).eq("offPath", undefined))
    .paginate(pageOpts(cursor));
  return {
    session: {
      displayId: session.displayId,
      title: session.title,
      createdAt: session.createdAt,
      updatedAt: session.updatedAt,
      ...(session.modelId !== undefined ? { modelId: session.modelId } : {}),
      ...(session.archivedAt !== undefined ? { archivedAt: session.archivedAt } : {}),
    },
    messages: page.page.map((m) => ({
      _id: m._id,
      role: m.role,
      content: m.content,
      status: m.status,
      createdAt: m.createdAt,
      creditsUsed: m.creditsUsed,
      ...(m.error !== undefined ? { error: m.error } : {}),
      ...(m.model !== undefined ? { model: m.model } : {}),
      ...(m.modelId !== undefined ? { modelId: m.modelId } : {}),
      ...(m.tokens !== undefined ? { tokens: m.tokens } : {}),
    })),
    continueCursor: page.continueCursor,
    isDone: page.isDone,
  };
}
