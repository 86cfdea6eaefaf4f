import { v } from "convex/values";
import { internalQuery } from "../_generated/server";
import { promptPartsFor } from "../model/chat/prompt";

/**
 * What a reply's prompt is made of (the action composes it and cuts the
 * context to its token budget); null once the reply is no longer streaming.
 */
export const buildPrompt = internalQuery({
  args: { messageId: v.id("chatMessages") },
  returns: v.union(
    v.null(),
    v.object({
      /** The reply's model (catalogue id); unset for replies from before the catalogue. */
      modelId: v.optional(v.string()),
      contextLines: v.union(v.null(), v.array(v.string())),
      instructions: v.optional(
        v.object({ about: v.optional(v.string()), style: v.optional(v.string()), chat: v.optional(v.string()) }),
      ),
      continuation: v.optional(v.string()),
      history: v.array(
        v.object({
          role: v.union(v.literal("system"), v.literal("user"), v.literal("assistant")),
          content: v.string(),
        }),
      ),
    }),
  ),
  handler: async (ctx, { messageId }) => {
    const reply = await ctx.db.get("chatMessages", messageId);
    if (!reply || reply.status !== "streaming") return null;
    const parts = await promptPartsFor(ctx, reply);
    return reply.modelId ? { ...parts, modelId: reply.modelId } : parts;
  },
});
