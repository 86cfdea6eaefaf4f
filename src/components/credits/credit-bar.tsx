import { cn } from "@/lib/cn";
import { formatCredits } from "@/lib/format";
import type { Balance } from "./balance";

/**
 * What is left, as a bar: this month's allowance (in the balance's colour)
 * followed by purchased credits, out of a full allowance plus what was
 * bought. Tracking the allowance alone showed an empty bar at 1,001 credits.
 */
export function CreditBar({
  balance,
  allowanceColour,
  className,
}: {
  balance: Pick<Balance, "remaining" | "allowance" | "allowanceTotal" | "purchased">;
  allowanceColour: string;
  className?: string;
}) {
  const capacity = Math.max(1, balance.allowanceTotal + balance.purchased);
  const share = (n: number) => `${Math.min(100, (Math.max(0, n) / capacity) * 100)}%`;
  return (
    <div
      role="meter"
      aria-label="Credits left"
      aria-valuemin={0}
      aria-valuemax={capacity}
      aria-valuenow={balance.remaining}
      aria-valuetext={`${formatCredits(balance.remaining)}: ${balance.allowance} of this month's ${balance.allowanceTotal}, ${balance.purchased.toLocaleString()} purchased`}
      className={cn("flex h-1.5 gap-px overflow-hidden rounded-full bg-slate-100", className)}
    >
      <div data-testid="allowance-bar" className={cn("h-full transition-[width]", allowanceColour)} style={{ width: share(balance.allowance) }} />
      {balance.purchased > 0 && (
        <div data-testid="purchased-bar" className="h-full bg-sky-500 transition-[width]" style={{ width: share(balance.purchased) }} />
      )}
    </div>
  );
}
