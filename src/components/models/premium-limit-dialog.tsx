import { Sparkles } from "lucide-react";
import { Link } from "react-router";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { formatResetDate } from "@/lib/format";

export type PremiumLimitInfo = {
  limit: number;
  resetsAt: number;
  /** The standard model offered instead, if there is one. */
  standard?: { id: string; label: string };
  onUseStandard?: (modelId: string) => void;
};

/** Blocks a premium send at the monthly cap; offers the standard model or Pro. */
export function PremiumLimitDialog({ info, onClose }: { info: PremiumLimitInfo | null; onClose: () => void }) {
  return (
    <Dialog open={info !== null} onOpenChange={(open) => !open && onClose()}>
      {info && (
        <DialogContent
          blocking
          title="Premium messages used up"
          icon={
            <span className="grid size-11 place-items-center rounded-full bg-violet-50 text-violet-600 ring-1 ring-violet-200">
              <Sparkles className="size-5" aria-hidden />
            </span>
          }
          description={
            <>
              The free plan includes {info.limit} messages a month on premium models, and you have used them all.
              Nothing was charged.
            </>
          }
        >
          <p className="mt-4 text-[13px] text-slate-500">
            {info.resetsAt ? `They come back on ${formatResetDate(info.resetsAt)}.` : "They come back on the 1st of next month."}{" "}
            Standard models still cost 3 credits a message, and Pro has no premium limit.
          </p>
          <DialogFooter>
            <Button variant="secondary" onClick={onClose}>
              Not now
            </Button>
            <Link to="/pricing" onClick={onClose} className={buttonClasses("secondary", "md")}>
              Upgrade to Pro
            </Link>
            {info.standard && info.onUseStandard && (
              <Button
                onClick={() => {
                  info.onUseStandard?.(info.standard!.id);
                  onClose();
                }}
              >
                Use {info.standard.label}
              </Button>
            )}
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}
