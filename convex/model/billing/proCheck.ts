import type { Doc } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { internal } from "../../_generated/api";

/*
 * When Helm re-reads a Pro user from Autumn's customer API. Renewals send no
 * event Helm can rely on and `expired` may be lost, so Pro users are checked
 * on a schedule (billing/sync.ts's sweep) and whenever their plan is read for
 * a paid action while their last check is old.
 */

/** A Pro user's last check is this old: re-read them (well inside the renewal grace of a day). */
export const PRO_CHECK_MAX_AGE_MS = 6 * 60 * 60 * 1000;
/** A check scheduled this recently is still on its way: don't schedule another. */
export const PRO_CHECK_PENDING_MS = 10 * 60 * 1000;

/**
 * Due when `proNextCheckAt` has passed: a check moves it 6 hours on, and
 * scheduling one moves it 10 minutes on (so a check that fails is tried
 * again, and one on its way isn't scheduled twice).
 */
export function proCheckDue(usage: Doc<"userUsage">, now: number): boolean {
  return usage.plan === "pro" && (usage.proNextCheckAt ?? 0) <= now;
}

/** Schedules a customer check for this user in `delayMs`, remembering it so it isn't scheduled twice. */
export async function scheduleCustomerCheck(
  ctx: MutationCtx,
  usage: Doc<"userUsage">,
  now: number,
  delayMs = 0,
): Promise<void> {
  await ctx.db.patch("userUsage", usage._id, { proNextCheckAt: now + delayMs + PRO_CHECK_PENDING_MS });
  await ctx.scheduler.runAfter(delayMs, internal.billing.sync.customer, { userId: usage.userId, attempt: 0 });
}
