import { CircleAlert } from "lucide-react";
import { Link, useLocation } from "react-router";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { formatCredits, formatResetDate } from "@/lib/format";
import { withReturnTo } from "@/lib/return-to";

export type InsufficientCreditsInfo = {
  required: number;
  remaining: number;
  resetsAt: number;
  /** What the user tried to do, e.g. "Sending a message". */
  action?: string;
  /** Where focus goes on "Not now" (default: whatever opened the dialog). */
  returnFocus?: () => HTMLElement | null;
};

type Props = {
  info: InsufficientCreditsInfo | null;
  onClose: () => void;
};

/** Blocks the action and explains cost, balance and reset; offers to buy more. */
export function InsufficientCreditsDialog({ info, onClose }: Props) {
  // Buying brings the user back here afterwards, to the draft they were about to send.
  const here = useLocation();
  const buyMore = withReturnTo("/pricing#packs", here.pathname + here.search);
  return (
    <Dialog open={info !== null} onOpenChange={(open) => !open && onClose()}>
      {info && (
        <DialogContent
          blocking
          returnFocus={info.returnFocus ? (opener) => info.returnFocus?.() ?? opener : undefined}
          title="Not enough credits"
          icon={
            <span className="grid size-11 place-items-center rounded-full bg-amber-50 text-amber-600 ring-1 ring-amber-200">
              <CircleAlert className="size-5" aria-hidden />
            </span>
          }
          description={
            <>
              {info.action ?? "This action"} costs {formatCredits(info.required)}, and you have{" "}
              {formatCredits(info.remaining)} left. Nothing was charged.
            </>
          }
        >
          <dl className="mt-5 grid grid-cols-3 divide-x divide-slate-200 rounded-xl border border-slate-200 bg-slate-50 text-center">
            <Stat label="Cost" value={String(info.required)} />
            <Stat label="Remaining" value={String(info.remaining)} />
            <Stat label="Resets" value={info.resetsAt ? formatResetDate(info.resetsAt).replace(/,? \d{4}$/, "") : "—"} />
          </dl>
          <p className="mt-3 text-[13px] text-slate-500">
            {info.resetsAt
              ? `Your monthly allowance refills to 100 on ${formatResetDate(info.resetsAt)}.`
              : "Your monthly allowance refills on the 1st of next month."}{" "}
            Purchased credits never expire.
          </p>
          <DialogFooter>
            <Button variant="secondary" onClick={onClose}>
              Not now
            </Button>
            <Link to={buyMore} onClick={onClose} className={buttonClasses("primary", "md")}>
              Buy more
            </Link>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="px-2 py-3">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-base font-semibold tabular-nums text-slate-900">{value}</dd>
    </div>
  );
}
