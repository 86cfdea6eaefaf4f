import { v } from "convex/values";
import { internalMutation } from "./_generated/server";
import { authedQuery } from "./functions";
import { describeBalance, getUsage, grant } from "./model/billing/credits";
import { planValidator } from "./schema";

export const balanceValidator = v.object({
  /** Allowance + purchased: the number the badge shows. */
  remaining: v.number(),
  allowance: v.number(),
  allowanceTotal: v.number(),
  purchased: v.number(),
  plan: planValidator,
  unlimited: v.boolean(),
  /** When the monthly allowance next resets (UTC ms, 1st of next month). */
  resetsAt: v.number(),
  level: v.union(v.literal("green"), v.literal("yellow"), v.literal("red")),
  /** On Pro: when it renews, or when a cancelled subscription ends (when known). */
  pro: v.optional(v.object({ renewsAt: v.optional(v.number()), endsAt: v.optional(v.number()) })),
  /**
   * Premium-model messages this month ("Premium 12 of 20 left"); null on
   * Pro, which has no cap. Always sent; optional so clients built before it
   * (and their fixtures) still type-check.
   */
  premium: v.optional(v.union(v.null(), v.object({ used: v.number(), limit: v.number(), remaining: v.number() }))),
});

/** The signed-in user's balance, with the lazy monthly reset already applied. */
export const balance = authedQuery({
  args: {},
  returns: balanceValidator,
  handler: async (ctx) => {
    const usage = await getUsage(ctx, ctx.user._id);
    return describeBalance(usage, Date.now());
  },
});

/**
 * Operator tool (Convex dashboard / CLI only): adds or removes purchased
 * credits with a reason, as an `admin_adjust` ledger row.
 */
export const adminAdjust = internalMutation({
  args: {
    userId: v.id("users"),
    amount: v.number(),
    reason: v.string(),
    idempotencyKey: v.string(),
  },
  returns: v.union(v.object({ granted: v.number(), balanceAfter: v.number() }), v.null()),
  handler: async (ctx, { userId, amount, reason, idempotencyKey }) => {
    return await grant(ctx, userId, amount, "admin_adjust", idempotencyKey, {
      type: "admin",
      id: reason,
    });
  },
});
