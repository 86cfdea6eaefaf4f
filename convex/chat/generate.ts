import { v } from "convex/values";
import { internalAction } from "../_generated/server";
import { runReply } from "../model/chat/reply";

/** Streams one reply from the model into its message. Scheduled by send and retry. */
export const generateReply = internalAction({
  args: { messageId: v.id("chatMessages") },
  returns: v.null(),
  handler: async (ctx, { messageId }) => {
    await runReply(ctx, messageId);
    return null;
  },
});
