import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation } from "../_generated/server";
import { sweepStuckReplies } from "../model/chat/streaming";

/** Cron: replies stuck in `streaming` (their action died) become errors and are refunded. */
export const sweepStuck = internalMutation({
  args: {},
  returns: v.object({ swept: v.number() }),
  handler: async (ctx) => {
    const { swept, more } = await sweepStuckReplies(ctx, Date.now());
    if (more) await ctx.scheduler.runAfter(0, internal.chat.sweeper.sweepStuck, {});
    return { swept };
  },
});
