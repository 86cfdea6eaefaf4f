import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v } from "convex/values";
import { ownerMutation, ownerQuery } from "../ownerFunctions";
import { listMessages, getOwnedMessage, retryReply, sendMessage } from "../model/chat/messages";
import {
  chatMessageMetaValidator,
  chatMessageViewValidator,
  liveTextValidator,
  sendResultValidator,
} from "../model/chat/validators";
import { boundedPage } from "../model/pagination";
import { getOwnedSession } from "../model/chat/sessions";
import { stopReply } from "../model/chat/streaming";
import { historyPage, recentMessages, settledText } from "../model/chat/history";
import { chatLiveText, liveRange as readLiveRange, MAX_STREAM_GROUPS } from "../model/chat/liveText";

/**
 * A chat's messages, newest first, with their text (a streaming reply's is
 * empty: see `live`). The chat view reads `history` and `recent` instead, so
 * a turn does not re-send the text of earlier messages; this stays for
 * callers that want one page. `streamingContent` is accepted for clients
 * built when an inline mode existed.
 */
export const list = ownerQuery({
  args: {
    sessionId: v.id("chatSessions"),
    paginationOpts: paginationOptsValidator,
    streamingContent: v.optional(v.literal("blocks")),
  },
  returns: paginationResultValidator(chatMessageViewValidator),
  handler: async (ctx, { sessionId, paginationOpts }) => {
    await getOwnedSession(ctx, ctx.user._id, sessionId);
    return await listMessages(ctx, sessionId, boundedPage(paginationOpts));
  },
});

/**
 * The chat up to `before` (the client's boundary, see model/chat/history.ts),
 * newest first, with text: no new message enters this range.
 */
export const history = ownerQuery({
  args: { sessionId: v.id("chatSessions"), before: v.number(), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(chatMessageViewValidator),
  handler: async (ctx, { sessionId, before, paginationOpts }) => {
    const session = await getOwnedSession(ctx, ctx.user._id, sessionId);
    return await historyPage(ctx, session, before, boundedPage(paginationOpts));
  },
});

/**
 * Messages after `after`, oldest first, without their text (see `text` and
 * `chatLive`) but for the newest question when `tab` did not send it.
 */
export const recent = ownerQuery({
  args: {
    sessionId: v.id("chatSessions"),
    after: v.number(),
    /** The subscribing tab's id (a random id per page load), as it passes it to `send` and `versions.edit`. */
    tab: v.optional(v.string()),
  },
  returns: v.array(chatMessageMetaValidator),
  handler: async (ctx, { sessionId, after, tab }) => {
    const session = await getOwnedSession(ctx, ctx.user._id, sessionId);
    return await recentMessages(ctx, session, after, tab);
  },
});

/** A settled message's text (null while it streams); never changes once final. */
export const text = ownerQuery({
  args: { messageId: v.id("chatMessages") },
  returns: v.union(v.string(), v.null()),
  handler: async (ctx, { messageId }) => settledText(await getOwnedMessage(ctx, ctx.user._id, messageId)),
});

/**
 * The chat's live reply: its newest group of live text while it streams,
 * then the tail after the groups (see model/chat/liveText.ts). A chat view
 * holds it for as long as it is open; the reply it is about is the row
 * marked `live`.
 */
export const chatLive = ownerQuery({
  args: { sessionId: v.id("chatSessions") },
  returns: liveTextValidator,
  handler: async (ctx, { sessionId }) => await chatLiveText(ctx, await getOwnedSession(ctx, ctx.user._id, sessionId)),
});

/** Groups `from`..`to` of a streaming reply's live text, for a client that missed them (null once it ended). */
export const liveRange = ownerQuery({
  args: { messageId: v.id("chatMessages"), from: v.number(), to: v.number() },
  returns: v.union(v.array(v.string()), v.null()),
  handler: async (ctx, { messageId, from, to }) => {
    const message = await getOwnedMessage(ctx, ctx.user._id, messageId);
    return await readLiveRange(ctx, message, Math.max(0, from), Math.min(to, from + MAX_STREAM_GROUPS - 1));
  },
});

/**
 * Sends a message (3 credits; a premium model on the free plan also takes
 * one of the month's premium messages) and starts the reply. Creates the
 * chat when no sessionId is given. The model becomes the chat's model.
 */
export const send = ownerMutation({
  args: {
    sessionId: v.optional(v.id("chatSessions")),
    text: v.string(),
    clientRequestId: v.string(),
    includeContext: v.boolean(),
    /** A model catalogue id (api.chat.models.list); unset: the chat's model, else the user's default. */
    modelId: v.optional(v.string()),
    /** The sending tab's id, as `recent` takes it. */
    tab: v.optional(v.string()),
  },
  returns: sendResultValidator,
  handler: async (ctx, args) => await sendMessage(ctx, ctx.user, args),
});

/** Stops a streaming reply, keeping the text written so far. */
export const stop = ownerMutation({
  args: { messageId: v.id("chatMessages") },
  returns: v.null(),
  handler: async (ctx, { messageId }) => {
    const message = await getOwnedMessage(ctx, ctx.user._id, messageId);
    await stopReply(ctx, message);
    return null;
  },
});

/** Regenerates a failed reply in place (charges the turn again). */
export const retry = ownerMutation({
  args: { messageId: v.id("chatMessages"), clientRequestId: v.string() },
  returns: v.object({ assistantMessageId: v.id("chatMessages") }),
  handler: async (ctx, { messageId, clientRequestId }) =>
    await retryReply(ctx, ctx.user, messageId, clientRequestId),
});
