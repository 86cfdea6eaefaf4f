import { DAY } from "@convex-dev/rate-limiter";
import { v, type Infer } from "convex/values";
import type { Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { appError, ErrorCode } from "../../errors";
import { dailyMessageCaps } from "../config";
import { nextWindowStart, perUtcDay, rateLimiter, remainingOf, takeOne } from "../rateLimits";
import { startOfUtcDay } from "./metering";

/**
 * The per-plan daily message cap (issue: background doc 000's "can chat
 * again on" date): a count per user and UTC day on the rate limiter, taken
 * in the send's own transaction, so a refused send writes nothing and
 * concurrent sends can never pass the cap. Off for signed-in plans unless
 * configured (HELM_DAILY_CAP_FREE, HELM_DAILY_CAP_PRO); guests always have one.
 */

export type CapPlan = "free" | "pro" | "guest";

const LIMIT_NAME = "dailyMessages";

export const dailyAllowanceValidator = v.object({
  limit: v.number(),
  used: v.number(),
  remaining: v.number(),
  /** Start of the next UTC day (ms): when the count starts again. The app shows it in the reader's time zone. */
  resetsAt: v.number(),
});
export type DailyAllowance = Infer<typeof dailyAllowanceValidator>;

export function dailyCapFor(plan: CapPlan): number | null {
  return dailyMessageCaps()[plan];
}

/** A message taken from a day's count: the UTC day (its start, ms) and the plan whose cap counted it. */
export type TakenMessage = { day: number; plan: CapPlan };

/**
 * Takes one of today's messages for a capped plan, or throws DAILY_LIMIT
 * (nothing taken). Returns what it took (undefined: the plan has no cap), for
 * the reply to keep so a failure can give it back.
 */
export async function takeDailyMessage(
  ctx: MutationCtx,
  userId: Id<"users">,
  plan: CapPlan,
): Promise<TakenMessage | undefined> {
  const limit = dailyCapFor(plan);
  if (limit === null) return undefined;
  const taken = await takeOne(ctx, LIMIT_NAME, perUtcDay(limit), userId);
  if (taken.ok) return { day: startOfUtcDay(Date.now()), plan };
  const resetsAt = nextWindowStart(Date.now(), DAY);
  throw appError(
    ErrorCode.DAILY_LIMIT,
    limit === 0
      ? "Messages are turned off for now."
      : `You've sent all ${limit} of today's messages.`,
    { limit, used: limit, resetsAt },
  );
}

/** Today's count for a capped plan; null when the plan has no daily cap. */
export async function dailyAllowance(ctx: QueryCtx, userId: Id<"users">, plan: CapPlan): Promise<DailyAllowance | null> {
  const limit = dailyCapFor(plan);
  if (limit === null) return null;
  const remaining = Math.min(limit, await remainingOf(ctx, LIMIT_NAME, perUtcDay(limit), userId));
  return { limit, used: limit - remaining, remaining, resetsAt: nextWindowStart(Date.now(), DAY) };
}

/**
 * Gives back a message a failed reply took, as its credits are refunded: only
 * on the day it was taken (a new day has a full count already), and never
 * past the cap.
 */
export async function returnDailyMessage(ctx: MutationCtx, userId: Id<"users">, taken: TakenMessage): Promise<void> {
  const limit = dailyCapFor(taken.plan);
  if (limit === null || limit <= 0 || taken.day !== startOfUtcDay(Date.now())) return;
  const config = perUtcDay(limit);
  if ((await remainingOf(ctx, LIMIT_NAME, config, userId)) >= limit) return;
  await rateLimiter.limit(ctx, LIMIT_NAME, { key: userId, config, count: -1 });
}

/** Forgets a user's count (an expired guest). */
export async function resetDailyCount(ctx: MutationCtx, userId: Id<"users">): Promise<void> {
  await rateLimiter.reset(ctx, LIMIT_NAME, { key: userId, config: perUtcDay(1) });
}
