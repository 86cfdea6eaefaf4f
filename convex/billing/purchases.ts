import { v } from "convex/values";
import { balanceValidator } from "../credits";
import { authedQuery } from "../functions";
import { productKeyValidator } from "../model/billing/catalogue";
import { describeBalance, getUsage } from "../model/billing/credits";

/**
 * What the checkout return page watches: whether its checkout is complete
 * (its pack granted — by whichever of the webhook's customer check, the
 * page's own refresh or the schedule got there first — or Pro active) and
 * the balance now. Reactive, so the page updates the moment it lands. Null
 * for a checkout that isn't the caller's.
 */
export const status = authedQuery({
  args: { checkout: v.string() },
  returns: v.union(
    v.object({
      product: productKeyValidator,
      complete: v.boolean(),
      creditsAdded: v.number(),
      balance: balanceValidator,
    }),
    v.null(),
  ),
  handler: async (ctx, args) => {
    const id = ctx.db.normalizeId("checkouts", args.checkout);
    const checkout = id ? await ctx.db.get("checkouts", id) : null;
    if (!checkout || checkout.userId !== ctx.user._id) return null;
    const balance = describeBalance(await getUsage(ctx, ctx.user._id), Date.now());
    const complete = checkout.product === "pro" ? balance.unlimited : checkout.status === "complete";
    return { product: checkout.product, complete, creditsAdded: checkout.creditsGranted ?? 0, balance };
  },
});
