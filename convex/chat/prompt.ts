import { v } from "convex/values";
import { internalQuery } from "../_generated/server";
import { buildPromptFor } from "../model/prompt";

/** The exact messages the model gets for a reply; null once it is no longer streaming. */
export const buildPrompt = internalQuery({
  args: { messageId: v.id("chatMessages") },
  returns: v.union(
    v.null(),
    v.array(
      v.object({
        role: v.union(v.literal("system"), v.literal("user"), v.literal("assistant")),
        content: v.string(),
      }),
    ),
  ),
  handler: async (ctx, { messageId }) => {
    const reply = await ctx.db.get("chatMessages", messageId);
    if (!reply || reply.status !== "streaming") return null;
    return await buildPromptFor(ctx, reply);
  },
});
