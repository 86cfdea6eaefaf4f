import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalAction, internalMutation, internalQuery } from "../_generated/server";
import { BillingNotConfigured } from "../model/billing/autumn";
import { syncCustomer } from "../model/billing/customerSync";
import { takeDueCheckouts, completeOpenCheckout } from "../model/billing/checkouts";
import { getUsage } from "../model/billing/credits";
import { scheduleCustomerCheck } from "../model/billing/proCheck";
import { applyProState, combineProStates, proStateOf } from "../model/billing/proStatus";
import { grantPurchases } from "../model/billing/purchases";
import { productIds } from "../model/config";

/*
 * Mirrors a customer from Autumn's customer API: grants pack purchases not
 * granted yet and sets Pro from the active subscription, with its real
 * period end. Run after a webhook, by the return page, by the checkout
 * reconcile schedule and by the Pro re-check schedule.
 */

/** A failed read is retried after these delays; the schedules catch up after that. */
const RETRY_AFTER_MS = [30_000, 2 * 60_000, 10 * 60_000];

export const customerIdOf = internalQuery({
  args: { userId: v.id("users") },
  returns: v.union(v.string(), v.null()),
  handler: async (ctx, { userId }) => (await ctx.db.get("users", userId))?.externalId ?? null,
});

const purchaseValidator = v.object({
  key: v.string(),
  planId: v.string(),
  startedAt: v.number(),
  quantity: v.number(),
});

const subscriptionValidator = v.object({
  planId: v.string(),
  status: v.string(),
  canceledAt: v.union(v.number(), v.null()),
  expiresAt: v.union(v.number(), v.null()),
  currentPeriodEnd: v.union(v.number(), v.null()),
});

/** Applies what the customer API said. `subscriptions` absent: leave Pro alone (a later chunk of purchases). */
export const applyCustomer = internalMutation({
  args: {
    userId: v.id("users"),
    purchases: v.array(purchaseValidator),
    subscriptions: v.optional(v.array(subscriptionValidator)),
  },
  returns: v.object({ creditsAdded: v.number() }),
  handler: async (ctx, { userId, purchases, subscriptions }) => {
    const creditsAdded = await grantPurchases(ctx, userId, purchases);
    if (subscriptions) {
      const now = Date.now();
      const proPlan = productIds().pro;
      const state = combineProStates(
        subscriptions.filter((s) => s.planId === proPlan).map((s) => proStateOf(s, now)),
      );
      await applyProState(ctx, userId, state, now, now);
      if (state.active) await completeOpenCheckout(ctx, userId, "pro", now, 0);
    }
    return { creditsAdded };
  },
});

/** The scheduled customer check, retried a few times when Autumn can't be reached. */
export const customer = internalAction({
  args: { userId: v.id("users"), attempt: v.number() },
  returns: v.null(),
  handler: async (ctx, { userId, attempt }) => {
    const customerId: string | null = await ctx.runQuery(internal.billing.sync.customerIdOf, { userId });
    if (!customerId) return null;
    try {
      await syncCustomer(ctx, userId, customerId);
    } catch (error) {
      if (error instanceof BillingNotConfigured) return null;
      const delay = RETRY_AFTER_MS[attempt];
      console.warn(
        `[billing] customer check for ${customerId} failed${delay ? `; retrying in ${delay / 1000}s` : ""}`,
        error,
      );
      if (delay !== undefined) {
        await ctx.scheduler.runAfter(delay, internal.billing.sync.customer, { userId, attempt: attempt + 1 });
      }
    }
    return null;
  },
});

/** Checks are spread out this far apart, so a sweep never bursts Autumn's API. */
const STAGGER_MS = 2_000;
/** Pro users looked at per sweep: a bounded read, and scheduled functions far below Convex's 1,000. */
export const PRO_CHECKS_PER_SWEEP = 50;
/** Open checkouts reconciled per sweep. */
export const CHECKOUTS_PER_SWEEP = 25;

/**
 * Cron: schedules a customer check for the Pro users whose check is due
 * (never checked first: an unset `proNextCheckAt` sorts first), staggered.
 * At 50 every 10 minutes that is 7,200 checks a day, so up to ~1,800 Pro
 * users are each re-read every 6 hours; past that the most overdue go first
 * and the renewal grace of a day still holds.
 */
export const sweepProChecks = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    const now = Date.now();
    const due = await ctx.db
      .query("userUsage")
      .withIndex("by_plan_and_proNextCheckAt", (q) => q.eq("plan", "pro").lte("proNextCheckAt", now))
      .take(PRO_CHECKS_PER_SWEEP);
    for (const [i, usage] of due.entries()) await scheduleCustomerCheck(ctx, usage, now, i * STAGGER_MS);
    return due.length;
  },
});

/** Cron: reconciles open checkouts whose next look is due (their webhook may have been lost). */
export const sweepCheckouts = internalMutation({
  args: {},
  returns: v.number(),
  handler: async (ctx) => {
    const now = Date.now();
    const users = await takeDueCheckouts(ctx, now, CHECKOUTS_PER_SWEEP);
    for (const [i, userId] of users.entries()) {
      await scheduleCustomerCheck(ctx, await getUsage(ctx, userId), now, i * STAGGER_MS);
    }
    return users.length;
  },
});
