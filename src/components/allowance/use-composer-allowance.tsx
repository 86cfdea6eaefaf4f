import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { Clock } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { formatLocalTime } from "@/lib/format";
import { useOwnerArgs, useViewer, type Viewer } from "@/lib/viewer";
import { api } from "../../../convex/_generated/api";

export type Allowance = FunctionReturnType<typeof api.chat.allowance.today>;

/** What the composer shows of the caller's daily cap: the cost chip's text, and a notice once nothing is left. */
export type ComposerAllowance = {
  /** Replaces "3 credits" (guests: how many are left today). */
  cost?: { label: string; hint: string };
  /** Guests have no projects to include. */
  contextToggle: boolean;
  /** A guest's messages a day (undefined for users, and while loading). */
  guestLimit?: number;
  /** Above the input when the day's messages (or the guests' budget) are spent. */
  notice: ReactNode;
};

export function useComposerAllowance(): ComposerAllowance {
  const viewer = useViewer();
  const allowance = useQuery(api.chat.allowance.today, useOwnerArgs());
  return composerAllowance(viewer, allowance, useReached(allowance?.daily?.resetsAt));
}

/**
 * Whether `at` has come. A query result does not change as time passes, so
 * past the reset the count it carries is yesterday's: a timer says when.
 */
function useReached(at: number | undefined): boolean {
  const [reached, setReached] = useState<number | null>(null);
  useEffect(() => {
    if (at === undefined) return;
    const timer = setTimeout(() => setReached(at), Math.max(0, at - Date.now()));
    return () => clearTimeout(timer);
  }, [at]);
  return at !== undefined && reached === at;
}

/** What to show for this viewer and allowance (`resetPassed`: the day's count has started again). */
export function composerAllowance(viewer: Viewer, allowance: Allowance | undefined, resetPassed: boolean): ComposerAllowance {
  const guest = viewer.kind === "guest" ? viewer : null;
  const daily = allowance?.daily;
  const remaining = daily ? (resetPassed ? daily.limit : daily.remaining) : undefined;
  const cost =
    guest && daily && remaining !== undefined
      ? { label: `${remaining} of ${daily.limit} left today`, hint: `Without an account you can send ${daily.limit} messages a day.` }
      : undefined;
  let notice: ReactNode = null;
  if (daily && remaining === 0) {
    notice = (
      <AllowanceNotice guest={guest} action="Sign up">
        You've used today's {daily.limit} messages. You can chat again at{" "}
        <time dateTime={new Date(daily.resetsAt).toISOString()}>{formatLocalTime(daily.resetsAt)}</time>.
      </AllowanceNotice>
    );
  } else if (guest && allowance?.guestBudget?.spent) {
    notice = (
      <AllowanceNotice guest={guest} action="Sign in">
        Guest chat is busy right now. Sign in to keep chatting.
      </AllowanceNotice>
    );
  }
  return { cost, contextToggle: !guest, notice, guestLimit: guest ? daily?.limit : undefined };
}

function AllowanceNotice({
  guest,
  action,
  children,
}: {
  guest: Extract<Viewer, { kind: "guest" }> | null;
  action: "Sign up" | "Sign in";
  children: ReactNode;
}) {
  return (
    <div
      role="status"
      className="mb-2 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-xl border border-amber-200 bg-amber-50 px-3.5 py-2.5 text-sm text-amber-900"
    >
      <Clock className="size-4 shrink-0" aria-hidden />
      <p className="min-w-0 flex-1">{children}</p>
      {guest && (
        <Button size="sm" variant="accent" onClick={action === "Sign up" ? guest.signUp : guest.signIn}>
          {action}
        </Button>
      )}
    </div>
  );
}
