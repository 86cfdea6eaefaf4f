import { useMutation } from "convex/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../convex/_generated/api";
import { AuthLoading } from "./auth-loading";
import { GuestClaimGate } from "./guest-claim-gate";

/** Name and email from the sign-in provider, for when the token carries neither (users.store). */
export type ProfileHints = { name?: string; email?: string };

/**
 * Calls `users.store` once after sign-in (creating the user and their 100
 * sign-up credits on the first visit) and renders the app only once stored,
 * so every page can assume the user record exists; then carries over this
 * browser's guest chats, if any.
 */
export function StoreUserGate({ children, profile }: { children: ReactNode; profile?: ProfileHints }) {
  const store = useMutation(api.users.store);
  // The profile as first rendered: a new object each render must not call again.
  const [hints] = useState(profile);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{ attempt: number; status: "stored" } | { attempt: number; error: string } | null>(null);
  // One call per attempt, even when StrictMode runs the effect twice.
  const pending = useRef<{ attempt: number; promise: Promise<unknown> } | null>(null);

  useEffect(() => {
    if (pending.current?.attempt !== attempt) pending.current = { attempt, promise: store(hints ?? {}) };
    let active = true;
    pending.current.promise.then(
      () => active && setState({ attempt, status: "stored" }),
      (error: unknown) => active && setState({ attempt, error: errorMessage(error) }),
    );
    return () => {
      active = false;
    };
  }, [attempt, store, hints]);

  if (state?.attempt === attempt && "status" in state) return <GuestClaimGate>{children}</GuestClaimGate>;
  if (state?.attempt === attempt && "error" in state) {
    return (
      <div className="grid min-h-dvh place-items-center bg-slate-50 p-6">
        <div role="alert" className="max-w-sm text-center">
          <h1 className="text-lg font-semibold text-slate-900">We couldn't set up your account</h1>
          <p className="mt-2 text-sm text-slate-600">{state.error}</p>
          <Button className="mt-5" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </Button>
        </div>
      </div>
    );
  }
  return <AuthLoading label="Setting up your workspace…" />;
}
