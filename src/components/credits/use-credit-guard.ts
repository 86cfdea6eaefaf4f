import { createContext, useContext } from "react";
import { insufficientCreditsDetails } from "@/lib/errors";
import { canAfford, type Balance } from "./balance";
import type { InsufficientCreditsInfo } from "./insufficient-credits-dialog";

export type GuardOptions = {
  /** Where focus goes when the dialog is dismissed, e.g. the message box the text waits in. */
  returnFocus?: () => HTMLElement | null;
};

export type CreditGuard = {
  /**
   * True when the action is affordable (or the balance hasn't loaded: the
   * server checks again). Otherwise opens the blocking dialog and returns false.
   */
  ensureCredits: (cost: number, action?: string, options?: GuardOptions) => boolean;
  /** Opens the dialog for an INSUFFICIENT_CREDITS error; returns whether it did. */
  handleCreditError: (error: unknown, action?: string, options?: GuardOptions) => boolean;
};

export const CreditGuardContext = createContext<{
  balance: Balance | undefined;
  show: (info: InsufficientCreditsInfo) => void;
} | null>(null);

/** Check-before-acting plus the server-side fallback, sharing one dialog. */
export function useCreditGuard(): CreditGuard {
  const ctx = useContext(CreditGuardContext);
  if (!ctx) throw new Error("useCreditGuard must be used inside <CreditGuardProvider>");
  const { balance, show } = ctx;
  return {
    ensureCredits: (cost, action, options) => {
      if (!balance || canAfford(balance, cost)) return true;
      show({ required: cost, remaining: balance.remaining, resetsAt: balance.resetsAt, action, ...options });
      return false;
    },
    handleCreditError: (error, action, options) => {
      const details = insufficientCreditsDetails(error);
      if (!details) return false;
      show({ ...details, resetsAt: details.resetsAt || (balance?.resetsAt ?? 0), action, ...options });
      return true;
    },
  };
}

/**
 * Whether the user is on Pro (unlimited credits), from the guard's balance:
 * Pro actions are never charged, so "your credits were refunded" is not
 * theirs to read. False outside the provider and while loading.
 */
export function useIsUnlimited(): boolean {
  return useContext(CreditGuardContext)?.balance?.unlimited === true;
}
