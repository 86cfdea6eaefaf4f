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

/** The row of the reply `chatLive` follows, marked so while it streams (a reply streaming when the chat opened is in the history). */
function markLive<T extends object>(session: Doc<"chatSessions">, message: Doc<"chatMessages">, row: T): T | (T & { live: true }) {
  return isLiveReply(session, message) ? { ...row, live: true as const } : row;
}

/**
 * Longest question a newer row carries inline. Reading a text costs a tab a
 * request and a ~300-byte update of its own; a short question is smaller
 * than that, and shows with its row instead of after it.
 */
export const INLINE_TEXT_MAX = 500;

/** What a user message's row carries for the tab that reads it. */
export type QuestionText = "inline" | "sendKey" | "none";

/**
 * A message without its text, as `recent` lists it. A turn re-sends these
 * rows, and most of a short reply's bytes are envelope and metadata, so
 * each field is there only where it says something:
 *  - a user message has no status (always complete) and no credits (always
 *    0: the turn's are on its reply). It carries its send key for the tab
 *    that sent it (which has the text), or, as the newest question, its
 *    text when short (`question`);
 *  - the chat's live reply (`live`: its `liveReplyId`, streaming or since
 *    ended) carries only what its turn fixed (id, time, chosen model,
 *    version): whether it waits, how it ended, its credits, tokens, error,
 *    model and provider come with `chatLive`'s results, so neither the start
 *    nor the end of a reply changes a row. The mark stays until the next
 *    turn's reply takes it; the row then shows its own status.
 */
export function messageMeta(
  message: Doc<"chatMessages">,
  { live = false, question = "sendKey" }: { live?: boolean; question?: QuestionText } = {},
): ChatMessageMeta {
  const { content, creditsUsed, status, tokens, error, ...meta } = messageView(message);
  if (message.role === "user") {
    if (question === "inline") return { ...meta, content };
    return question === "sendKey" && message.clientRequestId ? { ...meta, clientRequestId: message.clientRequestId } : meta;
  }
  if (live) {
    const { model: _model, provider: _provider, queued: _queued, ...fixed } = meta;
    return { ...fixed, live: true };
  }
  return { ...meta, status, creditsUsed, ...(tokens ? { tokens } : {}), ...(error ? { error } : {}) };
}

/**
 * Messages after `after`, oldest first, without their text. For a reader
 * that names its `tab`, a user message that tab sent carries its send key;
 * the newest question, sent from elsewhere, carries its text when short (it
 * stops once a newer one comes, so no turn re-sends it); other questions
 * carry neither, since only the sending tab holds texts by send key. A
 * reader that names no tab gets every send key and no text.
 */
export async function recentMessages(
  ctx: QueryCtx,
  session: Doc<"chatSessions">,
  after: number,
  tab?: string,
): Promise<ChatMessageMeta[]> {
  const messages = await ctx.db
    .query("chatMessages")
    .withIndex("by_sessionId_and_offPath_and_createdAt", (q) =>
      q.eq("sessionId", session._id).eq("offPath", undefined).gt("createdAt", after),
    )
    .take(RECENT_LIMIT);
  const newest = messages.findLastIndex((m) => m.role === "user");
  const question = (message: Doc<"chatMessages">, i: number): QuestionText => {
    if (tab === undefined || message.tab === tab) return "sendKey";
    return i === newest && message.content.length <= INLINE_TEXT_MAX ? "inline" : "none";
  };
  return messages.map((message, i) =>
    messageMeta(message, { live: session.liveReplyId === message._id, question: question(message, i) }),
  );
}

/** A settled message's text; null while it streams (its live text comes from `chatLive`). */
export function settledText(message: Doc<"chatMessages">): string | null {
  return message.status === "streaming" ? null : message.content;
}
