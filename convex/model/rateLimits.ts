import { calculateRateLimit, DAY, HOUR, RateLimiter, type RateLimitConfig } from "@convex-dev/rate-limiter";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { components } from "./components";

/**
 * Helm's limits on @convex-dev/rate-limiter (mounted in convex.config.ts).
 * Their sizes come from configuration, so every call passes its config
 * inline. Windows start at the Unix epoch (`start: 0`): a day window is a
 * UTC day, an hour window a clock hour, the same for every key. The default
 * single shard keeps each count exact (Convex serialises writes to it).
 */
export const rateLimiter = new RateLimiter(components.rateLimiter);

export const perUtcDay = (rate: number): RateLimitConfig => ({ kind: "fixed window", rate, period: DAY, start: 0 });
export const perClockHour = (rate: number): RateLimitConfig => ({ kind: "fixed window", rate, period: HOUR, start: 0 });

/** The start of the window after the one holding `now`: when a fixed window refills. */
export const nextWindowStart = (now: number, period: number) => (Math.floor(now / period) + 1) * period;

/** Takes one from `name` (for `key`), or answers when it refills; nothing is taken when refused. */
export async function takeOne(
  ctx: MutationCtx,
  name: string,
  config: RateLimitConfig,
  key?: string,
): Promise<{ ok: true } | { ok: false; resetsAt: number }> {
  const now = Date.now();
  if (config.rate <= 0) return { ok: false, resetsAt: nextWindowStart(now, config.period) };
  const result = await rateLimiter.limit(ctx, name, { key, config });
  return result.ok ? { ok: true } : { ok: false, resetsAt: now + result.retryAfter };
}

/** What is left of `name` now (whole units), without taking any. */
export async function remainingOf(
  ctx: QueryCtx,
  name: string,
  config: RateLimitConfig,
  key?: string,
): Promise<number> {
  if (config.rate <= 0) return 0;
  const state = await rateLimiter.getValue(ctx, name, { key, config });
  const { value } = calculateRateLimit({ value: state.value, ts: state.ts }, config, Date.now());
  return Math.max(0, Math.floor(value));
}
