import { ArrowRight, FlaskConical, ShipWheel } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { usePageTitle } from "@/lib/use-page-title";
import { MAX_NAME_LENGTH, normalizeName, recentNames } from "./dev-auth-storage";

function initials(name: string): string {
  const parts = name.split(" ").filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : name.slice(0, 2);
  return letters.toUpperCase();
}

type Props = {
  onSignIn: (name: string) => void;
  /** Shown above the form, e.g. when the backend rejected the last sign-in. */
  error?: string;
  /** Names offered for one-click sign-in; defaults to those used on this browser. */
  recent?: string[];
  /** A way to the chat without signing in (guest chat). */
  guestAction?: { label: string; onSelect: () => void };
};

/**
 * Offline mode's sign-in: no account, no password. Anyone can be anyone;
 * each name is its own user with its own credits, kept on this machine.
 */
export function DevSignInScreen({ onSignIn, error, recent, guestAction }: Props) {
  const [names] = useState(() => recent ?? recentNames());
  const [name, setName] = useState("");
  const inputId = useId();
  const chosen = normalizeName(name);
  usePageTitle("Sign in");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen) onSignIn(chosen);
  };

  return (
    <div className="relative grid min-h-dvh place-items-center overflow-hidden bg-slate-50 px-4 py-10">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-x-0 top-0 h-72 bg-gradient-to-b from-blue-100/70 via-indigo-50/40 to-transparent"
      />
      <main className="relative w-full max-w-sm animate-pop-in">
        <div className="mb-6 flex items-center justify-center gap-2.5">
          <span className="grid size-10 place-items-center rounded-xl bg-slate-900 text-white shadow-lg shadow-black/15">
            <ShipWheel className="size-5" aria-hidden />
          </span>
          <span className="text-xl font-semibold tracking-tight text-slate-900">Helm</span>
        </div>

        <div className="rounded-2xl border border-slate-200/80 bg-white p-6 shadow-xl shadow-black/5 sm:p-7">
          <p className="mx-auto flex w-fit items-center gap-1.5 rounded-full border border-amber-200 bg-amber-50 px-3 py-1 text-xs font-semibold text-amber-800">
            <FlaskConical className="size-3.5" aria-hidden />
            Offline mode — dev sign-in
          </p>
          <h1 className="mt-4 text-center text-xl font-semibold tracking-tight text-slate-900">Sign in to Helm</h1>
          <p className="mt-1.5 text-center text-sm text-slate-500">
            No account needed. Pick a name to continue — each name is its own user, stored on this machine.
          </p>

          {error && (
            <p role="alert" className="mt-4 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
              {error}
            </p>
          )}

          {names.length > 0 && (
            <section aria-label="Recent names" className="mt-5">
              <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Continue as</h2>
              <ul className="mt-2 space-y-1.5">
                {names.map((recentName) => (
                  <li key={recentName}>
                    <button
                      type="button"
                      onClick={() => onSignIn(recentName)}
                      className="group flex w-full items-center gap-3 rounded-xl border border-slate-200 px-3 py-2.5 text-left transition-colors hover:border-slate-300 hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
                    >
                      <span
                        aria-hidden
                        className="grid size-8 shrink-0 place-items-center rounded-full bg-gradient-to-br from-blue-500 to-indigo-600 text-xs font-semibold text-white"
                      >
                        {initials(recentName)}
                      </span>
                      <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-800">{recentName}</span>
                      <ArrowRight
                        className="size-4 text-slate-300 transition-transform group-hover:translate-x-0.5 group-hover:text-slate-500"
                        aria-hidden
                      />
                    </button>
                  </li>
                ))}
              </ul>
              <div className="my-5 flex items-center gap-3 text-xs text-slate-500">
                <span className="h-px flex-1 bg-slate-200" />
                or use another name
                <span className="h-px flex-1 bg-slate-200" />
              </div>
            </section>
          )}

          <form onSubmit={submit} className={names.length > 0 ? "" : "mt-5"}>
            <label htmlFor={inputId} className="text-sm font-medium text-slate-700">
              Your name
            </label>
            <input
              id={inputId}
              value={name}
              onChange={(event) => setName(event.target.value)}
              maxLength={MAX_NAME_LENGTH}
              autoComplete="off"
              autoFocus
              placeholder="e.g. Ada Lovelace"
              className="mt-1.5 h-11 w-full rounded-xl border border-slate-200 bg-white px-3.5 text-[15px] text-slate-900 shadow-xs outline-none transition placeholder:text-slate-400 focus:border-blue-500 focus:ring-4 focus:ring-blue-500/15"
            />
            <Button type="submit" variant="primary" size="lg" className="mt-4 w-full" disabled={!chosen}>
              Continue
              <ArrowRight aria-hidden />
            </Button>
          </form>
        </div>

        {guestAction && (
          <p className="mt-4 text-center">
            <button
              type="button"
              onClick={guestAction.onSelect}
              className="rounded-md px-2 py-1 text-sm font-medium text-blue-700 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
            >
              {guestAction.label}
            </button>
          </p>
        )}

        <p className="mt-5 text-center text-xs leading-relaxed text-slate-500">
          Running without Clerk. Set <code className="font-mono">VITE_CLERK_PUBLISHABLE_KEY</code> to sign in with
          real accounts.
        </p>
      </main>
    </div>
  );
}
