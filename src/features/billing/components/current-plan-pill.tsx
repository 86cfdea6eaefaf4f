import { Check } from "lucide-react";

export function CurrentPlanPill() {
  return (
    <span
      data-testid="current-plan"
      className="inline-flex shrink-0 items-center whitespace-nowrap gap-1 rounded-full bg-emerald-50 px-2.5 py-1 text-xs font-semibold text-emerald-700 ring-1 ring-inset ring-emerald-200"
    >
      <Check className="size-3.5" aria-hidden />
      Current plan
    </span>
  );
}
