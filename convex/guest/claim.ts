import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation } from "../_generated/server";
import { authedMutation } from "../functions";
import { claimGuest, claimResultValidator, moveGuestChats } from "../model/guest/claim";

/**
 * Called by the app right after sign-in when the browser holds a guest
 * token: the guest's chats move to the account, once (model/guest/claim.ts).
 */
export const claim = authedMutation({
  args: { guestToken: v.string() },
  returns: claimResultValidator,
  handler: async (ctx, { guestToken }) => await claimGuest(ctx, ctx.user, guestToken),
});

/** The rest of a large claim, one bounded batch per run. */
export const continueClaim = internalMutation({
  args: { guestId: v.id("users") },
  returns: v.null(),
  handler: async (ctx, { guestId }) => {
    const guest = await ctx.db.get("users", guestId);
    if (!guest?.claimedBy) return null;
    const { more } = await moveGuestChats(ctx, guestId, guest.claimedBy);
    if (more) await ctx.scheduler.runAfter(0, internal.guest.claim.continueClaim, { guestId });
    return null;
  },
});
