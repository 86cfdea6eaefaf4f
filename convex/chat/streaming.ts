import { v } from "convex/values";
import { internalMutation } from "../_generated/server";
import { providerValidator } from "../model/chat/validators";
import { appendChunk, finalizeReply } from "../model/chat/streaming";
import { tokenUsageValidator } from "../schema";

/** Called by the generation action only. See model/chat/streaming.ts. */

export const appendStreamChunk = internalMutation({
  args: {
    messageId: v.id("chatMessages"),
    seq: v.number(),
    text: v.string(),
    /** Closes the group of chunk rows [fromSeq, toSeq) for watchers (model/chat/liveText.ts). */
    seal: v.optional(v.object({ index: v.number(), fromSeq: v.number(), toSeq: v.number() })),
    /** On the reply's first write: generation started, with this provider and model. */
    start: v.optional(v.object({ provider: providerValidator, model: v.string() })),
  },
  returns: v.boolean(),
  handler: async (ctx, { messageId, seq, text, seal, start }) => await appendChunk(ctx, messageId, seq, text, seal, start),
});

export const finalizeStreamMessage = internalMutation({
  args: {
    messageId: v.id("chatMessages"),
    outcome: v.union(v.literal("complete"), v.literal("error"), v.literal("stopped")),
    text: v.string(),
    error: v.optional(v.string()),
    tokens: v.optional(tokenUsageValidator),
  },
  returns: v.null(),
  handler: async (ctx, args) => {
    await finalizeReply(ctx, args);
    return null;
  },
});
