import { v } from "convex/values";
import { authedMutation, maybeAuthedQuery } from "./functions";
import { applyProfileHints } from "./model/users";

export const meValidator = v.object({
  _id: v.id("users"),
  name: v.string(),
  email: v.optional(v.string()),
  imageUrl: v.optional(v.string()),
});

/**
 * Called by the app right after sign-in. Creates the user, their usage record
 * and the 100-credit sign-up grant the first time; later calls (other tabs,
 * reloads) change nothing. `name` and `email` are hints from the sign-in
 * provider's user object, used only when the token lacks those claims.
 */
export const store = authedMutation({
  args: { name: v.optional(v.string()), email: v.optional(v.string()) },
  returns: v.id("users"),
  handler: async (ctx, hints) => {
    await applyProfileHints(ctx, ctx.user, ctx.identity, hints);
    return ctx.user._id;
  },
});

/** The signed-in user, or null when signed out or not stored yet. */
export const me = maybeAuthedQuery({
  args: {},
  returns: v.union(meValidator, v.null()),
  handler: async (ctx) => {
    if (!ctx.user) return null;
    const { _id, name, email, imageUrl } = ctx.user;
    return { _id, name, email, imageUrl };
  },
});
