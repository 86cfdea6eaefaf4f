import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation } from "../_generated/server";
import { expireGuestData } from "../model/guest/expiry";

/** Cron: deletes guest chats 30 days after their last message, and guests with nothing left. */
export const sweep = internalMutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    if (await expireGuestData(ctx, Date.now())) {
      await ctx.scheduler.runAfter(0, internal.guest.expiry.sweep, {});
    }
    return null;
  },
});
