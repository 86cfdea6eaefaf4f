import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { getUsage } from "./credits";
import { PRO_CHECK_MAX_AGE_MS } from "./proCheck";

/*
 * Pro as Helm mirrors it from Autumn. A subscription is Pro only while its
 * status is `active` (Autumn folds trialing and past-due into `active`;
 * `scheduled` is a plan that has not started). Access always has an end, so a
 * lost `expired` webhook can never leave a user on Pro for good.
 */

/**
 * A renewing subscription's period ends the moment the renewal is charged,
 * and Helm learns the new period from the next customer check. Pro stays on
 * this long past the period end so a renewal never flickers a user to free.
 * A cancelled subscription ends exactly at its `expires_at`.
 */
export const PRO_RENEWAL_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * `billing.updated` always carries `current_period_end: null`, so an
 * activation learnt from a webhook alone has no known period end. Until the
 * customer check it schedules says otherwise, access lasts at most one
 * monthly period from then (plus the renewal grace): never open-ended.
 */
export const PROVISIONAL_PRO_MS = 31 * 24 * 60 * 60 * 1000 + PRO_RENEWAL_GRACE_MS;

export type ProState =
  | { active: false }
  | {
      active: true;
      /** When access ends unless Autumn says otherwise first. */
      accessEndsAt: number;
      /** The date the UI shows (renewal, or end when cancelled); undefined when not known yet. */
      periodEnd?: number;
      canceled: boolean;
      /** True when the end is a stand-in (webhook only): a customer check should replace it. */
      provisional: boolean;
    };

/** The subscription fields the webhook snapshot and the customer API share (camelCased). */
export type SubscriptionFacts = {
  status: string;
  canceledAt: number | null;
  expiresAt: number | null;
  currentPeriodEnd: number | null;
};

export function proStateOf(subscription: SubscriptionFacts, now: number): ProState {
  if (subscription.status !== "active") return { active: false };
  const { expiresAt, currentPeriodEnd, canceledAt } = subscription;
  if (expiresAt !== null) {
    // A cancelled (or fixed-term) subscription: Pro until exactly then.
    if (expiresAt <= now) return { active: false };
    return { active: true, accessEndsAt: expiresAt, periodEnd: expiresAt, canceled: true, provisional: false };
  }
  if (currentPeriodEnd !== null) {
    const accessEndsAt = currentPeriodEnd + PRO_RENEWAL_GRACE_MS;
    if (accessEndsAt <= now) return { active: false };
    return { active: true, accessEndsAt, periodEnd: currentPeriodEnd, canceled: canceledAt !== null, provisional: false };
  }
  return { active: true, accessEndsAt: now + PROVISIONAL_PRO_MS, canceled: canceledAt !== null, provisional: true };
}

/** Several Pro subscriptions (a plan version change): any active one wins, with the latest end. */
export function combineProStates(states: ProState[]): ProState {
  const active = states.filter((s): s is Extract<ProState, { active: true }> => s.active);
  if (active.length === 0) return { active: false };
  return active.reduce((best, s) => (s.accessEndsAt > best.accessEndsAt ? s : best));
}

/**
 * Writes `state` to the user's usage record. `checkedAt` is set when the
 * state came from the customer API; the next check is then due 6 hours on.
 * A provisional state from a webhook keeps a date already known for the same
 * subscription, so the badge doesn't lose "renews on" on every event.
 */
export async function applyProState(
  ctx: MutationCtx,
  userId: Id<"users">,
  state: ProState,
  now: number,
  checkedAt?: number,
): Promise<Doc<"userUsage">> {
  const usage = await getUsage(ctx, userId);
  const checked =
    checkedAt !== undefined ? { proCheckedAt: checkedAt, proNextCheckAt: checkedAt + PRO_CHECK_MAX_AGE_MS } : {};
  if (!state.active) {
    await ctx.db.patch("userUsage", usage._id, {
      plan: "free",
      proCurrentPeriodEnd: undefined,
      proPeriodEnd: undefined,
      proCanceled: undefined,
      ...checked,
      updatedAt: now,
    });
  } else {
    const keepKnown = state.provisional && usage.plan === "pro" && !state.canceled && !usage.proCanceled;
    await ctx.db.patch("userUsage", usage._id, {
      plan: "pro",
      proCurrentPeriodEnd:
        keepKnown && usage.proCurrentPeriodEnd !== undefined && usage.proCurrentPeriodEnd > now
          ? usage.proCurrentPeriodEnd
          : state.accessEndsAt,
      proPeriodEnd: state.periodEnd ?? (keepKnown ? usage.proPeriodEnd : undefined),
      proCanceled: state.canceled,
      ...checked,
      updatedAt: now,
    });
  }
  return (await ctx.db.get("userUsage", usage._id))!;
}
