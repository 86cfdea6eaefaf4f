import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { formatResetDate } from "@/lib/format";
import { useViewer } from "@/lib/viewer";
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

/** The live balance (undefined while loading, and for a guest, who has no credits). */
export function useBalance(): Balance | undefined {
  return useQuery(api.credits.balance, useViewer().kind === "guest" ? "skip" : {});
}

/** "Pro · renews on April 15, 2026", "Pro · ends on …", or "Pro" while the date isn't known yet. */
export function proStatusLabel(balance: Pick<Balance, "pro">): string {
  if (balance.pro?.endsAt !== undefined) return `Pro · ends on ${formatResetDate(balance.pro.endsAt)}`;
  if (balance.pro?.renewsAt !== undefined) return `Pro · renews on ${formatResetDate(balance.pro.renewsAt)}`;
  return "Pro";
}
