import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v } from "convex/values";
import { internalMutation } from "./_generated/server";
import { authedQuery } from "./functions";
import { describeBalance, getUsage, grant } from "./model/credits";
import { creditActionValidator, ledgerKindValidator, ledgerRefValidator, planValidator } from "./schema";

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

const ledgerRowValidator = v.object({
  _id: v.id("creditLedger"),
  kind: ledgerKindValidator,
  amount: v.number(),
  balanceAfter: v.number(),
  cost: v.optional(v.number()),
  action: v.optional(creditActionValidator),
  ref: v.optional(ledgerRefValidator),
  note: v.optional(v.string()),
  createdAt: v.number(),
});

/** The signed-in user's credit ledger, newest first. */
export const ledger = authedQuery({
  args: { paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(ledgerRowValidator),
  handler: async (ctx, { paginationOpts }) => {
    const page = await ctx.db
      .query("creditLedger")
      .withIndex("by_userId", (q) => q.eq("userId", ctx.user._id))
      .order("desc")
      .paginate(paginationOpts);
    return {
      ...page,
      page: page.page.map((row) => ({
        _id: row._id,
        kind: row.kind,
        amount: row.amount,
        balanceAfter: row.balanceAfter,
        cost: row.cost,
        action: row.action,
        ref: row.ref,
        note: row.note,
        createdAt: row.createdAt,
      })),
    };
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
