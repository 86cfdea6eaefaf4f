import { customMutation, customQuery } from "convex-helpers/server/customFunctions";
import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { mutation, query } from "./_generated/server";
import { signedOut, storedUser } from "./functions";
import { requireGuest } from "./model/guest/guests";
import { ensureUser } from "./model/users";

/**
 * Functions a signed-in user or a guest may call (the chat). `ctx.user` is
 * the owner either way: the signed-in user's record, or — with no identity —
 * the guest the `guestToken` argument stands for (model/guest/guests.ts).
 * A signed-in caller's token argument is ignored. Ownership checks then work
 * unchanged: another owner's ids answer NOT_FOUND.
 */

const ownerArgs = { guestToken: v.optional(v.string()) };

export const ownerQuery = customQuery(query, {
  args: ownerArgs,
  input: async (ctx, { guestToken }) => {
    const identity = await ctx.auth.getUserIdentity();
    const user: Doc<"users"> = identity
      ? await storedUser(ctx, identity)
      : guestToken === undefined
        ? signedOut()
        : await requireGuest(ctx, guestToken);
    return { ctx: { user }, args: {} };
  },
});

export const ownerMutation = customMutation(mutation, {
  args: ownerArgs,
  input: async (ctx, { guestToken }) => {
    const identity = await ctx.auth.getUserIdentity();
    const user: Doc<"users"> = identity
      ? await ensureUser(ctx, identity)
      : guestToken === undefined
        ? signedOut()
        : await requireGuest(ctx, guestToken);
    return { ctx: { user }, args: {} };
  },
});
