import { DAY, HOUR } from "@convex-dev/rate-limiter";
import { v, type Infer } from "convex/values";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { appError, ErrorCode } from "../../errors";
import { guestBudget } from "../config";
import { nextWindowStart, perClockHour, perUtcDay, remainingOf, takeOne } from "../rateLimits";

/**
 * The deployment-wide guest budget: all guests' messages together, per
 * clock hour and per UTC day (HELM_GUEST_BUDGET_HOURLY, _DAILY). Each guest
 * token has its own daily cap too, but tokens cost nothing to mint; this is
 * what bounds the model bill. Both counts are taken in the send's
 * transaction: a send refused by either takes from neither.
 */

const HOURLY = "guestMessagesHourly";
const DAILY = "guestMessagesDaily";

export const guestBudgetStateValidator = v.object({
  /** Guests may not send until `resetsAt` (deployment-wide). */
  spent: v.boolean(),
  resetsAt: v.union(v.number(), v.null()),
});

export async function takeGuestBudget(ctx: MutationCtx): Promise<void> {
  const { perHour, perDay } = guestBudget();
  const hourly = await takeOne(ctx, HOURLY, perClockHour(perHour));
  if (!hourly.ok) throw budgetSpent(hourly.resetsAt);
  // Refused here, the throw also undoes the hour's count taken above.
  const daily = await takeOne(ctx, DAILY, perUtcDay(perDay));
  if (!daily.ok) throw budgetSpent(daily.resetsAt);
}

const budgetSpent = (resetsAt: number) =>
  appError(ErrorCode.GUEST_BUDGET_SPENT, "Guest chat has reached its limit for now. Sign in to keep chatting.", {
    resetsAt,
  });

export async function guestBudgetState(ctx: QueryCtx): Promise<Infer<typeof guestBudgetStateValidator>> {
  const { perHour, perDay } = guestBudget();
  const now = Date.now();
  if ((await remainingOf(ctx, DAILY, perUtcDay(perDay))) < 1) return { spent: true, resetsAt: nextWindowStart(now, DAY) };
  if ((await remainingOf(ctx, HOURLY, perClockHour(perHour))) < 1) return { spent: true, resetsAt: nextWindowStart(now, HOUR) };
  return { spent: false, resetsAt: null };
}
