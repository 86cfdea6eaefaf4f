import { v } from "convex/values";
import { ownerQuery } from "../ownerFunctions";
import { effectiveUsage, getUsage } from "../model/billing/credits";
import { dailyAllowance, dailyAllowanceValidator, dailyCapFor } from "../model/chat/dailyCap";
import { guestBudgetState, guestBudgetStateValidator } from "../model/guest/budget";
import { isGuest } from "../model/guest/guests";

/**
 * Today's messages under the caller's daily cap ("3 of 5 left today", or
 * when they can chat again); null without a cap. Guests also learn whether
 * the deployment-wide guest budget is spent (then: sign in to keep chatting).
 */
export const today = ownerQuery({
  args: {},
  returns: v.object({
    daily: v.union(dailyAllowanceValidator, v.null()),
    guestBudget: v.union(guestBudgetStateValidator, v.null()),
  }),
  handler: async (ctx) => {
    if (isGuest(ctx.user)) {
      return { daily: await dailyAllowance(ctx, ctx.user._id, "guest"), guestBudget: await guestBudgetState(ctx) };
    }
    if (dailyCapFor("free") === null && dailyCapFor("pro") === null) return { daily: null, guestBudget: null };
    const { plan } = effectiveUsage(await getUsage(ctx, ctx.user._id), Date.now());
    return { daily: await dailyAllowance(ctx, ctx.user._id, plan), guestBudget: null };
  },
});
