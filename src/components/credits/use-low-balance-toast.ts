import { useEffect } from "react";
import { toast } from "sonner";
import { formatCredits, formatResetDate } from "@/lib/format";
import { LOW_BALANCE, type Balance } from "./balance";

export type LowBalanceState = "low" | "ok";

/**
 * Decides whether a balance update is a fresh crossing below the threshold.
 * `previous` is the last state seen (persisted), so a reload while already
 * low doesn't warn again; climbing back up re-arms the warning.
 */
export function lowBalanceTransition(
  previous: LowBalanceState | null,
  balance: Pick<Balance, "remaining" | "unlimited">,
): { state: LowBalanceState; notify: boolean } {
  const state: LowBalanceState = !balance.unlimited && balance.remaining < LOW_BALANCE ? "low" : "ok";
  return { state, notify: state === "low" && previous !== "low" };
}

const storageKey = (userKey: string) => `helm.lowBalance.${userKey}`;

function readState(userKey: string): LowBalanceState | null {
  try {
    const value = localStorage.getItem(storageKey(userKey));
    return value === "low" || value === "ok" ? value : null;
  } catch {
    return null;
  }
}

function writeState(userKey: string, state: LowBalanceState) {
  try {
    localStorage.setItem(storageKey(userKey), state);
  } catch {
    // Private mode or full storage: at worst the warning repeats after a reload.
  }
}

/** Shows one sonner warning each time the balance drops below 20. */
export function useLowBalanceToast(
  balance: Balance | undefined,
  userKey: string | undefined,
  onBuyMore?: () => void,
) {
  const remaining = balance?.remaining;
  const unlimited = balance?.unlimited;
  const resetsAt = balance?.resetsAt;
  useEffect(() => {
    if (remaining === undefined || unlimited === undefined || !userKey) return;
    const { state, notify } = lowBalanceTransition(readState(userKey), { remaining, unlimited });
    writeState(userKey, state);
    if (!notify) return;
    toast.warning("Running low on credits", {
      id: "low-balance",
      description: `You have ${formatCredits(remaining)} left.${
        resetsAt ? ` Your allowance resets on ${formatResetDate(resetsAt)}.` : ""
      }`,
      action: onBuyMore ? { label: "Buy more", onClick: onBuyMore } : undefined,
      duration: 8000,
    });
  }, [remaining, unlimited, resetsAt, userKey, onBuyMore]);
}
