import { Check } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";
import { CurrentPlanPill } from "./current-plan-pill";

type Props = {
  id: string;
  name: string;
  tagline: string;
  price: string;
  period: string;
  features: string[];
  current: boolean;
  highlighted?: boolean;
  /** The call to action (or a note) at the bottom of the card. */
  action: ReactNode;
};

/** One subscription plan (Free or Pro) on the pricing page. */
export function PlanCard({ id, name, tagline, price, period, features, current, highlighted, action }: Props) {
  const headingId = `plan-${id}`;
  return (
    <section
      aria-labelledby={headingId}
      data-testid={`plan-${id}`}
      className={cn(
        "relative flex flex-col rounded-2xl border bg-white p-6 sm:p-8",
        highlighted
          ? "border-blue-600 shadow-[0_12px_40px_-12px_rgba(37,99,235,0.35)] ring-1 ring-blue-600"
          : "border-slate-200 shadow-sm",
      )}
    >
      <div className="flex items-start justify-between gap-3">
        <div>
          <h2 id={headingId} className="text-lg font-semibold tracking-tight text-slate-900">
            {name}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{tagline}</p>
        </div>
        {current && <CurrentPlanPill />}
      </div>
      <p className="mt-6 flex items-baseline gap-1">
        <span className="text-4xl font-semibold tracking-tight text-slate-900 tabular-nums">{price}</span>
        <span className="text-sm font-medium text-slate-500">{period}</span>
      </p>
      <ul className="mt-6 space-y-3 text-sm text-slate-700">
        {features.map((feature) => (
          <li key={feature} className="flex gap-2.5">
            <Check
              className={cn("mt-0.5 size-4 shrink-0", highlighted ? "text-blue-600" : "text-slate-400")}
              aria-hidden
            />
            {feature}
          </li>
        ))}
      </ul>
      <div className="mt-8 flex flex-1 flex-col justify-end">{action}</div>
    </section>
  );
}
