import { Coins } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { formatPerCredit, formatPrice, type Pack } from "../lib/pricing";

type Props = {
  pack: Pack;
  savings: number;
  bestValue: boolean;
  onBuy: () => void;
  disabled?: boolean;
};

/** A one-off credit pack with its price per credit. */
export function PackCard({ pack, savings, bestValue, onBuy, disabled }: Props) {
  const credits = pack.credits.toLocaleString("en-US");
  return (
    <section
      aria-label={`${credits} credits for ${formatPrice(pack.priceCents)}`}
      data-testid={`pack-${pack.key}`}
      className={cn(
        "relative flex flex-col rounded-2xl border bg-white p-5 shadow-sm transition-shadow hover:shadow-md",
        bestValue ? "border-slate-900 ring-1 ring-slate-900" : "border-slate-200",
      )}
    >
      {bestValue && (
        <span className="absolute -top-3 left-5 rounded-full bg-slate-900 px-2.5 py-0.5 text-xs font-semibold text-white">
          Best value
        </span>
      )}
      <div className="flex items-center justify-between">
        <span className="grid size-9 place-items-center rounded-xl bg-amber-50 text-amber-600 ring-1 ring-inset ring-amber-200">
          <Coins className="size-[18px]" aria-hidden />
        </span>
        {savings > 0 && (
          <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-semibold text-emerald-700">
            Save {savings}%
          </span>
        )}
      </div>
      <p className="mt-4 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">
        {credits} <span className="text-base font-medium text-slate-500">credits</span>
      </p>
      <p className="mt-1 flex items-baseline justify-between text-sm">
        <span className="text-lg font-semibold text-slate-900 tabular-nums">{formatPrice(pack.priceCents)}</span>
        <span className="text-slate-500">{formatPerCredit(pack)} per credit</span>
      </p>
      <Button
        variant={bestValue ? "primary" : "secondary"}
        className="mt-5 w-full"
        onClick={onBuy}
        disabled={disabled}
        aria-label={`Buy ${credits} credits`}
      >
        Buy {credits} credits
      </Button>
    </section>
  );
}
