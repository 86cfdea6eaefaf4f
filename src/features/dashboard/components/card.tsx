import type { ComponentPropsWithoutRef, ReactNode } from "react";
import { cn } from "@/lib/cn";

/** The dashboard's panel: a white, hairline-bordered section. */
export function Card({ className, ...props }: ComponentPropsWithoutRef<"section">) {
  return (
    <section
      className={cn("rounded-2xl border border-slate-200 bg-white shadow-xs", className)}
      {...props}
    />
  );
}

export function CardHeader({
  id,
  icon,
  iconClassName,
  title,
  action,
}: {
  id: string;
  icon: ReactNode;
  iconClassName?: string;
  title: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="flex items-center gap-2.5 px-4 pb-3 pt-4 sm:px-5">
      <span className={cn("grid size-7 place-items-center rounded-lg", iconClassName)}>{icon}</span>
      <h2 id={id} className="text-[15px] font-semibold tracking-tight text-slate-900">
        {title}
      </h2>
      {action && <div className="ml-auto">{action}</div>}
    </div>
  );
}
