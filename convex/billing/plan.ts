import { v, type Infer } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation, internalQuery } from "../_generated/server";
import { appError, ErrorCode } from "../errors";
import { authedAction } from "../functions";
import { autumnProStatus } from "../model/billing/autumn";
import { billingConfig, productIds } from "../model/config";
import { describeBalance, getUsage, setPlan } from "../model/billing/credits";
import { getUserByToken } from "../model/users";
import { planValidator, type Plan } from "../schema";

const billingUserValidator = v.object({
  userId: v.id("users"),
  externalId: v.string(),
  name: v.string(),
  email: v.optional(v.string()),
  plan: planValidator,
  proCurrentPeriodEnd: v.optional(v.number()),
});
export type BillingUser = Infer<typeof billingUserValidator>;
type RefreshResult = { plan: Plan; proCurrentPeriodEnd?: number };

/** The signed-in user as billing sees them (actions have no db of their own). */
export const billingUser = internalQuery({
  args: { tokenIdentifier: v.string() },
  returns: v.union(billingUserValidator, v.null()),
  handler: async (ctx, { tokenIdentifier }) => {
    const user = await getUserByToken(ctx, tokenIdentifier);
    if (!user) return null;
    const usage = await getUsage(ctx, user._id);
    const { plan } = describeBalance(usage, Date.now());
    return {
      userId: user._id,
      externalId: user.externalId,
      name: user.name,
      email: user.email,
      plan,
      proCurrentPeriodEnd: plan === "pro" ? usage.proCurrentPeriodEnd : undefined,
    };
  },
});

/** Mirrors Pro status read from Autumn's customer API. */
export const mirrorPlan = internalMutation({
  args: { userId: v.id("users"), active: v.boolean(), endsAt: v.optional(v.number()) },
  returns: v.null(),
  handler: async (ctx, { userId, active, endsAt }) => {
    await setPlan(ctx, userId, active ? "pro" : "free", endsAt);
    return null;
  },
});

/**
 * Re-reads Pro status from Autumn, so a user who just paid sees Pro without
 * waiting for the webhook. In test mode the webhook is the only source, so
 * this reports the local state.
 */
export const refresh = authedAction({
  args: {},
  returns: v.object({ plan: planValidator, proCurrentPeriodEnd: v.optional(v.number()) }),
  handler: async (ctx): Promise<RefreshResult> => {
    const user: BillingUser | null = await ctx.runQuery(internal.billing.plan.billingUser, {
      tokenIdentifier: ctx.identity.tokenIdentifier,
    });
    if (!user) throw appError(ErrorCode.UNAUTHENTICATED, "Your account is still being set up.");
    const config = billingConfig();
    if (config.mode === "test") {
      return { plan: user.plan, proCurrentPeriodEnd: user.proCurrentPeriodEnd };
    }
    let status;
    try {
      status = await autumnProStatus(config.secretKey, user.externalId, productIds().pro);
    } catch (error) {
      console.error("[billing] Autumn customer lookup failed", error);
      throw appError(ErrorCode.BILLING_UNAVAILABLE, "Couldn't reach billing. Please try again shortly.");
    }
    await ctx.runMutation(internal.billing.plan.mirrorPlan, {
      userId: user.userId,
      active: status.active,
      endsAt: status.endsAt,
    });
    return status.active
      ? { plan: "pro" as const, proCurrentPeriodEnd: status.endsAt }
      : { plan: "free" as const };
  },
});
