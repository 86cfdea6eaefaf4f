import { v } from "convex/values";
import { mutation } from "../_generated/server";
import { startGuest } from "../model/guest/guests";

/**
 * Registers the browser's guest token (32 random bytes it made and keeps)
 * before its first guest call; repeating it is harmless. Refuses a missing
 * or malformed token (GUEST_TOKEN_REQUIRED, GUEST_TOKEN_INVALID) and a
 * token whose chats an account already claimed (GUEST_TOKEN_CLAIMED): the
 * browser then makes a new one.
 */
export const start = mutation({
  args: { guestToken: v.string() },
  returns: v.null(),
  handler: async (ctx, { guestToken }) => {
    await startGuest(ctx, guestToken);
    return null;
  },
});
