import { v, type Infer } from "convex/values";
import { internal } from "../_generated/api";
import { internalQuery, type ActionCtx } from "../_generated/server";
import { appError, ErrorCode } from "../errors";
import { authedAction } from "../functions";
import { appUrl } from "../model/billing/appUrl";
import { autumnCustomerPortal, BillingNotConfigured } from "../model/billing/autumn";
import { syncCustomer } from "../model/billing/customerSync";
import { describeBalance, getUsage } from "../model/billing/credits";
import { getUserByToken } from "../model/users";
import { planValidator, type Plan } from "../schema";

const billingUserValidator = v.object({
  userId: v.id("users"),
  externalId: v.string(),
  name: v.string(),
  email: v.optional(v.string()),
  plan: planValidator,
});
export type BillingUser = Infer<typeof billingUserValidator>;

/** The signed-in user as billing sees them (actions have no db of their own). */
export const billingUser = internalQuery({
  args: { tokenIdentifier: v.string() },
  returns: v.union(billingUserValidator, v.null()),
  handler: async (ctx, { tokenIdentifier }) => {
    const user = await getUserByToken(ctx, tokenIdentifier);
    if (!user) return null;
    const { plan } = describeBalance(await getUsage(ctx, user._id), Date.now());
    return { userId: user._id, externalId: user.externalId, name: user.name, email: user.email, plan };
  },
});

export const planOf = internalQuery({
  args: { tokenIdentifier: v.string() },
  returns: planValidator,
  handler: async (ctx, { tokenIdentifier }): Promise<Plan> => {
    const user = await getUserByToken(ctx, tokenIdentifier);
    return user ? describeBalance(await getUsage(ctx, user._id), Date.now()).plan : "free";
  },
});
export async function signedInBillingUser(ctx: ActionCtx, tokenIdentifier: string): Promise<BillingUser> {
  const user: BillingUser | null = await ctx.runQuery(internal.billing.plan.billingUser, { tokenIdentifier });
  if (!user) throw appError(ErrorCode.UNAUTHENTICATED, "Your account is still being set up.");
  return user;
}

/**
 * Re-reads the user from Autumn's customer API: Pro with its real period
 * end, and any pack purchase whose webhook hasn't arrived (or never will).
 * The return page calls it; the pricing page offers it as "Refresh".
 */
export const refresh = authedAction({
  args: {},
  returns: v.object({ plan: planValidator, creditsAdded: v.number() }),
  handler: async (ctx): Promise<{ plan: Plan; creditsAdded: number }> => {
    const user = await signedInBillingUser(ctx, ctx.identity.tokenIdentifier);
    let creditsAdded: number;
    try {
      ({ creditsAdded } = await syncCustomer(ctx, user.userId, user.externalId));
    } catch (error) {
      if (error instanceof BillingNotConfigured) throw appError(ErrorCode.BILLING_UNAVAILABLE, error.message);
      console.error("[billing] Autumn customer lookup failed", error);
      throw appError(ErrorCode.BILLING_UNAVAILABLE, "Couldn't reach billing. Please try again shortly.");
    }
    const plan: Plan = await ctx.runQuery(internal.billing.plan.planOf, {
      tokenIdentifier: ctx.identity.tokenIdentifier,
    });
    return { plan, creditsAdded };
  },
});

/** Autumn's customer portal (cancel Pro, change the card), coming back to `returnUrl`. */
export const portal = authedAction({
  args: { returnUrl: v.string() },
  returns: v.object({ url: v.string() }),
  handler: async (ctx, { returnUrl }): Promise<{ url: string }> => {
    const back = appUrl(returnUrl, "return address");
    const user = await signedInBillingUser(ctx, ctx.identity.tokenIdentifier);
    try {
      return { url: await autumnCustomerPortal(user.externalId, back.toString()) };
    } catch (error) {
      if (error instanceof BillingNotConfigured) throw appError(ErrorCode.BILLING_UNAVAILABLE, error.message);
      console.error("[billing] Autumn customer portal failed", error);
      throw appError(ErrorCode.BILLING_UNAVAILABLE, "Billing management is unavailable right now. Please try again shortly.");
    }
  },
});
