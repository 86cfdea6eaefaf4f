import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { appError, ErrorCode, notFound } from "../../errors";
import type { SessionDetail, SessionStats, SessionView } from "./validators";
import { nextUserCounterValue } from "../counters";
import { ReadBudget, sizeOf } from "../budget";
import { chunkReadCost, deleteChunks } from "./streaming";
import { EMPTY_TOTALS } from "./metering";

export const DEFAULT_SESSION_TITLE = "New chat";
export const MAX_TITLE_LENGTH = 100;
/** Titles made from a first message stay short enough for the sidebar. */
const DERIVED_TITLE_LENGTH = 60;
const DISPLAY_ID_COUNTER = "chatSessionDisplayId";

export function formatDisplayId(n: number): string {
  return `CH-${String(n).padStart(6, "0")}`;
}

/**
 * The user's next chat display id. Chat URLs are owner-scoped, so ids need
 * only be unique per user. On a deployment whose ids came from the old
 * deployment-wide counter, a user's counter starts after that counter's last
 * value (read once per user, never written again), so no id handed out
 * before is reused.
 */
export async function nextDisplayId(ctx: MutationCtx, userId: Id<"users">): Promise<string> {
  const value = await nextUserCounterValue(ctx, userId, DISPLAY_ID_COUNTER, async () => {
    const legacy = await ctx.db
      .query("counters")
      .withIndex("by_userId_and_name", (q) => q.eq("userId", undefined).eq("name", DISPLAY_ID_COUNTER))
      .unique();
    return legacy?.value ?? 0;
  });
  return formatDisplayId(value);
}

/** Trims and checks a user-chosen title (1–100 characters). */
export function validTitle(raw: string): string {
  const title = raw.trim().replace(/\s+/g, " ");
  if (title.length < 1 || title.length > MAX_TITLE_LENGTH) {
    throw appError(
      ErrorCode.INVALID_TITLE,
      `A chat title needs 1 to ${MAX_TITLE_LENGTH} characters.`,
      { max: MAX_TITLE_LENGTH },
    );
  }
  return title;
}

/** A sidebar title from the first message: its first line, shortened at a word. */
export function titleFromText(text: string): string {
  const line = text.trim().split("\n")[0].replace(/\s+/g, " ").trim();
  if (line.length <= DERIVED_TITLE_LENGTH) return line || DEFAULT_SESSION_TITLE;
  const cut = line.slice(0, DERIVED_TITLE_LENGTH - 1);
  const atWord = cut.lastIndexOf(" ");
  return `${(atWord > 20 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}

export async function createSession(
  ctx: MutationCtx,
  userId: Id<"users">,
  title: string,
  includeContext = false,
  modelId?: string,
): Promise<Doc<"chatSessions">> {
  const now = Date.now();
  const displayId = await nextDisplayId(ctx, userId);
  const sessionId = await ctx.db.insert("chatSessions", {
    userId,
    displayId,
    title,
    createdAt: now,
    updatedAt: now,
    messageCount: 0,
    includeContext,
    ...(modelId ? { modelId } : {}),
  });
  return (await ctx.db.get("chatSessions", sessionId))!;
}

/** The caller's session; anything else (missing, foreign) is NOT_FOUND. */
export async function getOwnedSession(
  ctx: QueryCtx,
  userId: Id<"users">,
  sessionId: Id<"chatSessions">,
): Promise<Doc<"chatSessions">> {
  const session = await ctx.db.get("chatSessions", sessionId);
  if (!session || session.userId !== userId) throw notFound("That chat");
  return session;
}

/** The user's chat by display id or id; null when missing or someone else's. */
export async function findOwnedSession(
  ctx: QueryCtx,
  userId: Id<"users">,
  { displayId, sessionId }: { displayId?: string; sessionId?: Id<"chatSessions"> },
): Promise<Doc<"chatSessions"> | null> {
  if (sessionId !== undefined) {
    const session = await ctx.db.get("chatSessions", sessionId);
    return session && session.userId === userId ? session : null;
  }
  return displayId === undefined ? null : await findSessionByDisplayId(ctx, userId, displayId);
}

export async function findSessionByDisplayId(
  ctx: QueryCtx,
  userId: Id<"users">,
  displayId: string,
): Promise<Doc<"chatSessions"> | null> {
  return await ctx.db
    .query("chatSessions")
    .withIndex("by_userId_and_displayId", (q) => q.eq("userId", userId).eq("displayId", displayId))
    .unique();
}

export function sessionView(session: Doc<"chatSessions">): SessionView {
  return {
    _id: session._id,
    displayId: session.displayId,
    title: session.title,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    messageCount: session.messageCount,
  };
}

export function sessionDetail(session: Doc<"chatSessions">): SessionDetail {
  return {
    _id: session._id,
    displayId: session.displayId,
    title: session.title,
    createdAt: session.createdAt,
    includeContext: session.includeContext ?? false,
    ...(session.modelId ? { modelId: session.modelId } : {}),
    ...(session.instructions ? { instructions: session.instructions } : {}),
    ...(session.archivedAt !== undefined ? { archivedAt: session.archivedAt } : {}),
  };
}

export function sessionStats(session: Doc<"chatSessions">): SessionStats {
  return { updatedAt: session.updatedAt, messageCount: session.messageCount, totals: session.totals ?? EMPTY_TOTALS };
}

/** Messages removed per transaction when a chat is deleted (fewer when they are large). */
export const DELETE_BATCH_SIZE = 200;
/**
 * Reads one deletion batch may make: each message is read, then read again
 * by its delete, so 200 messages of 60 KB would read 24 MB, over Convex's
 * 16 MiB. Bounded by bytes as well as count, a batch of large messages is
 * simply smaller.
 */
const DELETE_MAX_READS = 16_000;
const DELETE_MAX_BYTES = 8 * 1024 * 1024;
const DELETE_PAGE_SIZE = 16;

/**
 * Deletes a batch of a session's messages (and the stream chunks of any
 * still-streaming reply) within the read budget. Returns true when more remain.
 */
export async function deleteMessagesBatch(
  ctx: MutationCtx,
  sessionId: Id<"chatSessions">,
): Promise<boolean> {
  const budget = new ReadBudget(DELETE_MAX_READS, DELETE_MAX_BYTES);
  let deleted = 0;
  for (;;) {
    // Small pages: a page is read whole, so its size must not blow the budget either.
    const page = await ctx.db
      .query("chatMessages")
      .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
      .take(DELETE_PAGE_SIZE);
    if (page.length === 0) return false;
    for (const message of page) budget.chargeDocument(message);
    for (const message of page) {
      const streaming = message.completedAt === undefined && message.role === "assistant";
      const chunkReads = streaming ? await chunkReadCost(ctx, message._id) : 0;
      // The first message always goes, so every batch makes progress.
      if (deleted > 0 && !budget.allows(1 + chunkReads, sizeOf(message))) return true;
      if (streaming) await deleteChunks(ctx, message._id);
      await ctx.db.delete("chatMessages", message._id);
      budget.charge(chunkReads, 0);
      budget.chargeDocument(message);
      deleted += 1;
      if (deleted === DELETE_BATCH_SIZE) return true;
    }
  }
}
