import type { Balance } from "./balance";

/** A balance as api.credits.balance returns it, for component tests. */
export function testBalance(remaining: number, overrides: Partial<Balance> = {}): Balance {
  return {
    remaining,
    allowance: Math.min(remaining, 100),
    allowanceTotal: 100,
    purchased: Math.max(0, remaining - 100),
    plan: overrides.unlimited ? "pro" : "free",
    unlimited: false,
    resetsAt: Date.UTC(2031, 0, 1),
    level: "green",
    ...overrides,
  };
}
