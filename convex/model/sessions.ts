import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { appError, ErrorCode, notFound } from "../errors";
import type { SessionDetail, SessionView } from "./chatValidators";
import { nextCounterValue } from "./counters";
import { deleteChunks } from "./streaming";

export const DEFAULT_SESSION_TITLE = "New chat";
export const MAX_TITLE_LENGTH = 100;
/** Titles made from a first message stay short enough for the sidebar. */
const DERIVED_TITLE_LENGTH = 60;
const DISPLAY_ID_COUNTER = "chatSessionDisplayId";

export function formatDisplayId(n: number): string {
  return `CH-${String(n).padStart(6, "0")}`;
}

export async function nextDisplayId(ctx: MutationCtx): Promise<string> {
  return formatDisplayId(await nextCounterValue(ctx, DISPLAY_ID_COUNTER));
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
): Promise<Doc<"chatSessions">> {
  const now = Date.now();
  const displayId = await nextDisplayId(ctx);
  const sessionId = await ctx.db.insert("chatSessions", {
    userId,
    displayId,
    title,
    createdAt: now,
    updatedAt: now,
    messageCount: 0,
    includeContext,
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

export async function findSessionByDisplayId(
  ctx: QueryCtx,
  userId: Id<"users">,
  displayId: string,
): Promise<Doc<"chatSessions"> | null> {
  const session = await ctx.db
    .query("chatSessions")
    .withIndex("by_displayId", (q) => q.eq("displayId", displayId))
    .unique();
  return session && session.userId === userId ? session : null;
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
  return { ...sessionView(session), includeContext: session.includeContext ?? false };
}

/** Messages removed per transaction when a chat is deleted. */
export const DELETE_BATCH_SIZE = 200;

/**
 * Deletes up to DELETE_BATCH_SIZE of a session's messages (and the stream
 * chunks of any still-streaming reply). Returns true when more remain.
 */
export async function deleteMessagesBatch(
  ctx: MutationCtx,
  sessionId: Id<"chatSessions">,
): Promise<boolean> {
  const messages = await ctx.db
    .query("chatMessages")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
    .take(DELETE_BATCH_SIZE);
  for (const message of messages) {
    if (message.completedAt === undefined && message.role === "assistant") {
      await deleteChunks(ctx, message._id);
    }
    await ctx.db.delete("chatMessages", message._id);
  }
  return messages.length === DELETE_BATCH_SIZE;
}
