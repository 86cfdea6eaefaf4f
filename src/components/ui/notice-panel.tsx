import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";

/** A centred icon, heading, explanation and action: not-found and similar dead ends. */
export function NoticePanel({
  icon: Icon,
  title,
  children,
  action,
}: {
  icon: LucideIcon;
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="grid h-full place-items-center p-6">
      <div className="max-w-sm text-center">
        <span className="mx-auto grid size-12 place-items-center rounded-2xl bg-slate-100 text-slate-500">
          <Icon className="size-6" aria-hidden />
        </span>
        <h1 className="mt-4 text-xl font-semibold tracking-tight text-slate-900">{title}</h1>
        <p className="mt-2 text-sm leading-6 text-slate-600">{children}</p>
        {action && <div className="mt-6">{action}</div>}
      </div>
    </div>
  );
}
