import { useMutation } from "convex/react";
import { Component, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { errorCode, errorMessage } from "@/lib/errors";
import { ViewerContext, type Viewer } from "@/lib/viewer";
import { api } from "../../../convex/_generated/api";
import { AuthLoading } from "./auth-loading";
import { forgetGuestToken, guestToken } from "./guest-token";

/** Tokens the server will never accept again: this browser makes a new one. */
const SPENT = new Set(["GUEST_TOKEN_CLAIMED", "GUEST_TOKEN_INVALID"]);

type Props = { signIn: () => void; signUp: () => void; children: ReactNode };

/**
 * A signed-out visitor on the chat: registers this browser's guest token
 * (guest.identity.start) and renders the app as that guest. A token an
 * account already claimed is replaced by a new one.
 */
export function GuestGate({ signIn, signUp, children }: Props) {
  const start = useMutation(api.guest.identity.start);
  const [token, setToken] = useState(guestToken);
  const [state, setState] = useState<{ token: string; status: "ready" } | { token: string; error: unknown } | null>(null);
  // One call per token, even when StrictMode runs the effect twice.
  const pending = useRef<{ token: string; promise: Promise<unknown> } | null>(null);

  useEffect(() => {
    if (pending.current?.token !== token) pending.current = { token, promise: start({ guestToken: token }) };
    let active = true;
    pending.current.promise.then(
      () => active && setState({ token, status: "ready" }),
      (error: unknown) => {
        if (!active) return;
        if (SPENT.has(errorCode(error) ?? "")) {
          forgetGuestToken();
          setToken(guestToken());
        } else {
          setState({ token, error });
        }
      },
    );
    return () => {
      active = false;
    };
  }, [token, start]);

  const viewer = useMemo<Viewer>(() => ({ kind: "guest", guestToken: token, signIn, signUp }), [token, signIn, signUp]);

  if (state?.token === token && "status" in state) {
    return (
      <ViewerContext.Provider value={viewer}>
        <SpentTokenBoundary>{children}</SpentTokenBoundary>
      </ViewerContext.Provider>
    );
  }
  if (state?.token === token && "error" in state) {
    return (
      <div className="grid min-h-dvh place-items-center bg-slate-50 p-6">
        <div role="alert" className="max-w-sm text-center">
          <h1 className="text-lg font-semibold text-slate-900">Guest chat isn't available right now</h1>
          <p className="mt-2 text-sm text-slate-600">{errorMessage(state.error)}</p>
          <div className="mt-5 flex justify-center gap-2">
            <Button variant="secondary" onClick={signIn}>
              Sign in
            </Button>
            <Button variant="primary" onClick={signUp}>
              Sign up
            </Button>
          </div>
        </div>
      </div>
    );
  }
  return <AuthLoading label="Opening the chat…" />;
}

/**
 * Another tab signed in and claimed this guest's chats: every guest query
 * now answers GUEST_TOKEN_CLAIMED. The token is spent, so start afresh —
 * reloading also picks up that sign-in, which the tabs share.
 */
class SpentTokenBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  state = { error: null as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  componentDidCatch(error: unknown) {
    if (SPENT.has(errorCode(error) ?? "")) {
      forgetGuestToken();
      window.location.reload();
    }
  }

  render() {
    if (this.state.error === null) return this.props.children;
    if (SPENT.has(errorCode(this.state.error) ?? "")) return <AuthLoading label="Opening the chat…" />;
    throw this.state.error;
  }
}

/** The paths a signed-out visitor may use as a guest: the chat. */
export function isGuestPath(pathname: string): boolean {
  return /^\/chat(\/|$)/.test(pathname);
}
