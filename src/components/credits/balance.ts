import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "../../../convex/_generated/api";

export type Balance = FunctionReturnType<typeof api.credits.balance>;
export type CreditLevel = "green" | "yellow" | "red" | "unlimited";

/** Badge thresholds from the product spec: green above 50, red below 20. */
export const HEALTHY_BALANCE = 50;
export const LOW_BALANCE = 20;

export function creditLevel(balance: Pick<Balance, "remaining" | "unlimited">): CreditLevel {
  if (balance.unlimited) return "unlimited";
  if (balance.remaining > HEALTHY_BALANCE) return "green";
  if (balance.remaining >= LOW_BALANCE) return "yellow";
  return "red";
}

export function canAfford(balance: Pick<Balance, "remaining" | "unlimited">, cost: number): boolean {
  return balance.unlimited || balance.remaining >= cost;
}

/** The live balance (undefined while loading). */
export function useBalance(): Balance | undefined {
  return useQuery(api.credits.balance);
}
