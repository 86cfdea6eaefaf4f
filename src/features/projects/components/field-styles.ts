import { cn } from "@/lib/cn";

export const inputClasses = cn(
  "block w-full rounded-lg border border-slate-200 bg-white px-3 py-2 text-[15px] text-slate-900 shadow-xs sm:text-sm",
  "placeholder:text-slate-400 transition focus:border-blue-400 focus:outline-none focus:ring-4 focus:ring-blue-500/10",
  "aria-[invalid=true]:border-red-300",
);
