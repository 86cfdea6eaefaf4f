import { cn } from "@/lib/cn";
import type { TaskStatus } from "../lib/task-status";

/** Linear-style status glyphs: an empty ring, a half-filled ring, a filled check. */
export function StatusIcon({ status, className }: { status: TaskStatus; className?: string }) {
  if (status === "done") {
    return (
      <svg viewBox="0 0 16 16" className={cn("size-4 text-indigo-500", className)} aria-hidden>
        <circle cx="8" cy="8" r="7" fill="currentColor" />
        <path d="m4.9 8.2 2.1 2.1 4.1-4.4" fill="none" stroke="white" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    );
  }
  if (status === "in_progress") {
    return (
      <svg viewBox="0 0 16 16" className={cn("size-4 text-amber-500", className)} aria-hidden>
        <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M8 4a4 4 0 0 1 0 8z" fill="currentColor" />
      </svg>
    );
  }
  return (
    <svg viewBox="0 0 16 16" className={cn("size-4 text-slate-400", className)} aria-hidden>
      <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
