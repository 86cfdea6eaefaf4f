import { v } from "convex/values";
import { authedMutation } from "../functions";
import { versionResultValidator } from "../model/chat/validators";
import { continueReply as continueStopped, editMessage, regenerateReply, showVersion } from "../model/chat/versions";

/**
 * Versions of a chat's messages (model/chat/tree.ts, model/chat/versions.ts).
 * Regenerate, edit and continue each cost 3 credits like a send, with the
 * same idempotency by `clientRequestId`; choosing a version is free.
 */

/** A new version of a settled reply, answered again from the same history. */
export const regenerate = authedMutation({
  args: { messageId: v.id("chatMessages"), clientRequestId: v.string() },
  returns: versionResultValidator,
  handler: async (ctx, { messageId, clientRequestId }) =>
    await regenerateReply(ctx, ctx.user, messageId, clientRequestId),
});

/** A new version of a sent message with new text; the chat continues from it. */
export const edit = authedMutation({
  args: {
    messageId: v.id("chatMessages"),
    text: v.string(),
    clientRequestId: v.string(),
    /** The editing tab's id, as `messages.recent` takes it. */
    tab: v.optional(v.string()),
  },
  returns: versionResultValidator,
  handler: async (ctx, args) => await editMessage(ctx, ctx.user, args),
});

/** A new version of a stopped reply that carries on from where it stopped. */
export const continueReply = authedMutation({
  args: { messageId: v.id("chatMessages"), clientRequestId: v.string() },
  returns: versionResultValidator,
  handler: async (ctx, { messageId, clientRequestId }) =>
    await continueStopped(ctx, ctx.user, messageId, clientRequestId),
});

/** Shows another version of a message (1-based), with the branch that follows it. */
export const show = authedMutation({
  args: { messageId: v.id("chatMessages"), version: v.number() },
  returns: v.null(),
  handler: async (ctx, { messageId, version }) => {
    await showVersion(ctx, ctx.user, messageId, version);
    return null;
  },
});
