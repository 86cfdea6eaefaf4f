import { customMutation, customQuery } from "convex-helpers/server/customFunctions";
import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { mutation, query } from "./_generated/server";
import { appError, ErrorCode } from "./errors";
import { requireGuest } from "./model/guest/guests";
import { ensureUser, getUserByToken } from "./model/users";

/**
 * Functions a signed-in user or a guest may call (the chat). `ctx.user` is
 * the owner either way: the signed-in user's record, or — with no identity —
 * the guest the `guestToken` argument stands for (model/guest/guests.ts).
 * A signed-in caller's token argument is ignored. Ownership checks then work
 * unchanged: another owner's ids answer NOT_FOUND.
 */

const ownerArgs = { guestToken: v.optional(v.string()) };

function signedOut(): never {
  throw appError(ErrorCode.UNAUTHENTICATED, "Please sign in to continue.");
}

export const ownerQuery = customQuery(query, {
  args: ownerArgs,
  input: async (ctx, { guestToken }) => {
    const identity = await ctx.auth.getUserIdentity();
    let user: Doc<"users"> | null;
    if (identity) {
      user = await getUserByToken(ctx, identity.tokenIdentifier);
      if (!user) throw appError(ErrorCode.UNAUTHENTICATED, "Your account is still being set up.");
    } else {
      user = guestToken === undefined ? signedOut() : await requireGuest(ctx, guestToken);
    }
    return { ctx: { user }, args: {} };
  },
});

export const ownerMutation = customMutation(mutation, {
  args: ownerArgs,
  input: async (ctx, { guestToken }) => {
    const identity = await ctx.auth.getUserIdentity();
    let user: Doc<"users">;
    if (identity) user = await ensureUser(ctx, identity);
    else user = guestToken === undefined ? signedOut() : await requireGuest(ctx, guestToken);
    return { ctx: { user }, args: {} };
  },
});
