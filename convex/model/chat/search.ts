import type { Id } from "../../_generated/dataModel";
import type { QueryCtx } from "../../_generated/server";
import { appError, ErrorCode } from "../../errors";
import { queryWords, snippetOf } from "./snippet";
import type { ChatSearchResult } from "./searchValidators";

/** A search box's text; longer is refused (Convex reads only 16 words anyway). */
export const MAX_SEARCH_LENGTH = 200;
/** Chats and messages one search returns: the best matches, as a palette shows them. */
export const TITLE_RESULTS = 8;
export const MESSAGE_RESULTS = 20;

/**
 * The caller's chats whose title, and messages whose text, match `text`,
 * best first. Both searches filter on the owner in the index itself, so
 * another user's words never enter the results (nor the read set).
 */
export async function searchChats(ctx: QueryCtx, userId: Id<"users">, raw: string): Promise<ChatSearchResult> {
  const text = raw.trim();
  if (text.length > MAX_SEARCH_LENGTH) {
    throw appError(ErrorCode.INVALID_ARGUMENT, `Search for at most ${MAX_SEARCH_LENGTH} characters.`, {
      max: MAX_SEARCH_LENGTH,
    });
  }
  const words = queryWords(text);
  if (words.length === 0) return { chats: [], messages: [] };

  const titled = await ctx.db
    .query("chatSessions")
    .withSearchIndex("search_title", (q) => q.search("title", text).eq("userId", userId))
    .take(TITLE_RESULTS);
  const chats = titled.map((session) => ({
    sessionId: session._id,
    displayId: session.displayId,
    title: session.title,
    updatedAt: session.updatedAt,
    archived: session.archivedAt !== undefined,
    snippet: snippetOf(session.title, words),
  }));

  // Versions off the chat's chosen path (model/chat/tree.ts) aren't shown in the chat, so they
  // aren't results either; read a margin beyond the page for the ones skipped.
  const found = (
    await ctx.db
      .query("chatMessages")
      .withSearchIndex("search_content", (q) => q.search("content", text).eq("userId", userId))
      .take(2 * MESSAGE_RESULTS)
  )
    .filter((message) => !message.offPath)
    .slice(0, MESSAGE_RESULTS);
  const sessions = new Map<string, Awaited<ReturnType<typeof ctx.db.get<"chatSessions">>>>();
  const messages = [];
  for (const message of found) {
    if (!sessions.has(message.sessionId)) sessions.set(message.sessionId, await ctx.db.get("chatSessions", message.sessionId));
    const session = sessions.get(message.sessionId);
    // A chat being deleted loses its messages in batches after the chat itself.
    if (!session || session.userId !== userId) continue;
    messages.push({
      messageId: message._id,
      sessionId: session._id,
      displayId: session.displayId,
      title: session.title,
      role: message.role === "user" ? ("user" as const) : ("assistant" as const),
      createdAt: message.createdAt,
      archived: session.archivedAt !== undefined,
      snippet: snippetOf(message.content, words),
    });
  }
  return { chats, messages };
}
