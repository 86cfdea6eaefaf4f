import { ShipWheel } from "lucide-react";

/** Full-screen wait while signing in or setting up the account. */
export function AuthLoading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="grid min-h-dvh place-items-center bg-slate-50">
      <div role="status" aria-live="polite" className="flex flex-col items-center gap-4 text-slate-500">
        <span className="relative grid size-12 place-items-center rounded-2xl bg-slate-900 text-white shadow-lg shadow-black/10">
          <ShipWheel className="size-6 animate-[spin_3s_linear_infinite]" aria-hidden />
        </span>
        <p className="text-sm font-medium">{label}</p>
      </div>
    </div>
  );
}
