import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

export const inputClasses = cn(
  "block w-full rounded-lg border border-slate-200 bg-white px-3 py-2 text-[15px] text-slate-900 shadow-xs sm:text-sm",
  "placeholder:text-slate-400 transition focus:border-blue-400 focus:outline-none focus:ring-4 focus:ring-blue-500/10",
  "aria-[invalid=true]:border-red-300 aria-[invalid=true]:focus:ring-red-500/10",
);

/** A label, a control and (when there is one) its error, wired for screen readers. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-[13px] text-red-600">
          {error}
        </p>
      ) : (
        hint && (
          <p id={`${id}-hint`} className="text-[13px] text-slate-500">
            {hint}
          </p>
        )
      )}
    </div>
  );
}

/** "Costs 15 credits · refunded if it fails", under a paid action's form. */
export function CostNote({ credits }: { credits: number }) {
  return (
    <p className="flex items-center gap-1.5 text-[13px] text-slate-500">
      <span className="rounded-md bg-slate-100 px-1.5 py-0.5 font-medium tabular-nums text-slate-700">
        {credits} credits
      </span>
      refunded automatically if it fails
    </p>
  );
}
