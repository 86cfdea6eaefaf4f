import { v } from "convex/values";
import { balanceValidator } from "../credits";
import { authedQuery } from "../functions";
import { productByKey, productKeyValidator } from "../model/billing/catalogue";
import { describeBalance, getUsage } from "../model/billing/credits";

/** How many of the user's latest webhook events the return page looks through. */
const RECENT_EVENTS = 20;

/**
 * What the checkout return page watches: whether the purchase started at
 * `since` has been fulfilled (credits granted, or Pro active) and the
 * balance now. Reactive, so the page updates the moment the webhook lands.
 */
export const status = authedQuery({
  args: { product: productKeyValidator, since: v.number() },
  returns: v.object({
    complete: v.boolean(),
    creditsAdded: v.number(),
    balance: balanceValidator,
  }),
  handler: async (ctx, { product, since }) => {
    const events = await ctx.db
      .query("webhookEvents")
      .withIndex("by_userId", (q) => q.eq("userId", ctx.user._id))
      .order("desc")
      .take(RECENT_EVENTS);
    const creditsAdded = events
      .filter((event) => event.receivedAt >= since)
      .reduce((sum, event) => sum + (event.creditsGranted ?? 0), 0);
    const balance = describeBalance(await getUsage(ctx, ctx.user._id), Date.now());
    const complete = productByKey(product).kind === "pro" ? balance.unlimited : creditsAdded > 0;
    return { complete, creditsAdded, balance };
  },
});
