import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v } from "convex/values";
import { authedMutation, authedQuery } from "../functions";
import { listMessages, getOwnedMessage, retryReply, sendMessage } from "../model/chat/messages";
import {
  chatMessageViewValidator,
  sendResultValidator,
  streamBlockValidator,
} from "../model/chat/validators";
import { boundedPage } from "../model/pagination";
import { getOwnedSession } from "../model/chat/sessions";
import { stopReply, streamBlock as readStreamBlock } from "../model/chat/streaming";

/**
 * A chat's messages, newest first (the client reverses them for display). A
 * streaming reply's content is empty: its live text comes from `streamBlock`
 * (see model/chat/streaming.ts), so the list reads no chunk rows whatever is
 * streaming. `streamingContent` is accepted for clients built when an inline
 * mode existed; "blocks" was the only mode they used.
 */
export const list = authedQuery({
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

/** One block of a streaming reply's live text (16 chunk rows; see model/chat/streaming.ts). */
export const streamBlock = authedQuery({
  args: { messageId: v.id("chatMessages"), block: v.number() },
  returns: streamBlockValidator,
  handler: async (ctx, { messageId, block }) => {
    const message = await getOwnedMessage(ctx, ctx.user._id, messageId);
    return await readStreamBlock(ctx, message, block);
  },
});

/**
 * Sends a message (3 credits; a premium model on the free plan also takes
 * one of the month's premium messages) and starts the reply. Creates the
 * chat when no sessionId is given. The model becomes the chat's model.
 */
export const send = authedMutation({
  args: {
    sessionId: v.optional(v.id("chatSessions")),
    text: v.string(),
    clientRequestId: v.string(),
    includeContext: v.boolean(),
    /** A model catalogue id (api.chat.models.list); unset: the chat's model, else the user's default. */
    modelId: v.optional(v.string()),
  },
  returns: sendResultValidator,
  handler: async (ctx, args) => await sendMessage(ctx, ctx.user, args),
});

/** Stops a streaming reply, keeping the text written so far. */
export const stop = authedMutation({
  args: { messageId: v.id("chatMessages") },
  returns: v.null(),
  handler: async (ctx, { messageId }) => {
    const message = await getOwnedMessage(ctx, ctx.user._id, messageId);
    await stopReply(ctx, message);
    return null;
  },
});

/** Regenerates a failed reply in place (charges the turn again). */
export const retry = authedMutation({
  args: { messageId: v.id("chatMessages"), clientRequestId: v.string() },
  returns: v.object({ assistantMessageId: v.id("chatMessages") }),
  handler: async (ctx, { messageId, clientRequestId }) =>
    await retryReply(ctx, ctx.user, messageId, clientRequestId),
});
