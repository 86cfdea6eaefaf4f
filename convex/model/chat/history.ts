import type { PaginationOptions, PaginationResult } from "convex/server";
import type { Doc } from "../../_generated/dataModel";
import type { QueryCtx } from "../../_generated/server";
import { isLiveReply } from "./liveText";
import { messageView } from "./messages";
import type { ChatMessageMeta, ChatMessageView } from "./validators";

/**
 * A chat as a client holds it, split at a boundary `B` the client picks once
 * (the chat's `updatedAt` when it opened it):
 *  - history: messages with createdAt ≤ B, paginated, with their text — a
 *    range new messages never enter, so a turn does not re-send it;
 *  - recent: messages with createdAt > B, without their text — a turn
 *    re-sends only this small metadata; each message's text comes once,
 *    from `text` (which never changes again once the message is final), or
 *    not at all when the client already has it (its own send, a reply it
 *    watched stream).
 * Whatever B is, the two are a partition of the chat: a bad clock can only
 * move messages from one side to the other, never lose or repeat one.
 * Both list only the chosen path (model/chat/tree.ts): other versions carry
 * `offPath` and stay out of the index range.
 */

/** Newer messages a client follows without re-opening the chat (then B moves on). */
export const RECENT_LIMIT = 200;

export async function historyPage(
  ctx: QueryCtx,
  session: Doc<"chatSessions">,
  before: number,
  paginationOpts: PaginationOptions,
): Promise<PaginationResult<ChatMessageView>> {
  const page = await ctx.db
    .query("chatMessages")
    .withIndex("by_sessionId_and_offPath_and_createdAt", (q) =>
      q.eq("sessionId", session._id).eq("offPath", undefined).lte("createdAt", before),
    )
    .order("desc")
    .paginate(paginationOpts);
  return { ...page, page: page.page.map((message) => markLive(session, message, messageView(message))) };
}

/** The row of the reply `chatLive` follows, marked so (a reply streaming when the chat opened is in the history). */
function markLive<T extends object>(session: Doc<"chatSessions">, message: Doc<"chatMessages">, row: T): T | (T & { live: true }) {
  return isLiveReply(session, message) ? { ...row, live: true as const } : row;
}

/**
 * A message without its text. A turn re-sends these rows, and most of a
 * short reply's bytes are envelope and metadata, so a user message leaves
 * out its credits (always 0: the turn's are on its reply).
 */
export function messageMeta(message: Doc<"chatMessages">): ChatMessageMeta {
  const { content: _content, creditsUsed, ...meta } = messageView(message);
  if (message.role !== "user") return { ...meta, creditsUsed };
  return message.clientRequestId ? { ...meta, clientRequestId: message.clientRequestId } : meta;
}

/** Messages after `after`, oldest first, without their text. */
export async function recentMessages(
  ctx: QueryCtx,
  session: Doc<"chatSessions">,
  after: number,
): Promise<ChatMessageMeta[]> {
  const messages = await ctx.db
    .query("chatMessages")
    .withIndex("by_sessionId_and_offPath_and_createdAt", (q) =>
      q.eq("sessionId", session._id).eq("offPath", undefined).gt("createdAt", after),
    )
    .take(RECENT_LIMIT);
  return messages.map((message) => markLive(session, message, messageMeta(message)));
}

/** A settled message's text; null while it streams (its live text comes from `live`). */
export function settledText(message: Doc<"chatMessages">): string | null {
  return message.status === "streaming" ? null : message.content;
}
