import type { ReactNode } from "react";

/** Pins the input to the bottom of the chat column, with the keyboard hint below. */
export function ComposerFrame({ children }: { children: ReactNode }) {
  return (
    <div className="shrink-0 bg-gradient-to-t from-white via-white to-white/0 px-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] pt-1 sm:px-6">
      <div className="mx-auto w-full max-w-3xl">
        {children}
        <p className="mt-2 hidden text-center text-xs text-slate-500 sm:block">
          Helm can make mistakes. Check important details.
        </p>
      </div>
    </div>
  );
}
