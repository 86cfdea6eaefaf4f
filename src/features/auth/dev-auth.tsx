import { ConvexProviderWithAuth, useConvexAuth, type ConvexReactClient } from "convex/react";
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { AuthSessionContext, type AuthSession } from "@/lib/auth-session";
import { clearAllDrafts } from "@/lib/drafts";
import { AuthLoading } from "./auth-loading";
import { DevSignInScreen } from "./dev-sign-in-screen";
import { currentName, fetchDevToken, forgetCurrentName, rememberName, type DevToken } from "./dev-auth-storage";
import { GuestGate, isGuestPath } from "./guest-gate";
import { StoreUserGate } from "./store-user-gate";

type DevAuthState = {
  convexUrl: string;
  name: string | null;
  /** Bumped by each sign-in so a retry with the same name fetches a new token. */
  attempt: number;
  signIn: (name: string) => void;
  signOut: () => void;
};

const DevAuthContext = createContext<DevAuthState | null>(null);

function useDevAuthState(): DevAuthState {
  const state = useContext(DevAuthContext);
  if (!state) throw new Error("Dev auth used outside <DevAuthProvider>.");
  return state;
}

/** Tokens are reused until a minute before they expire. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The `useAuth` hook ConvexProviderWithAuth calls: signed in when a name is
 * chosen, with tokens minted by the offline backend.
 */
export function useDevConvexAuth() {
  const { convexUrl, name, attempt } = useDevAuthState();
  const cached = useRef<(DevToken & { name: string }) | null>(null);
  const fetchAccessToken = useCallback(
    async ({ forceRefreshToken }: { forceRefreshToken: boolean }) => {
      if (!name) return null;
      const token = cached.current;
      if (!forceRefreshToken && token?.name === name && token.expiresAt - Date.now() > REFRESH_MARGIN_MS) {
        return token.token;
      }
      try {
        const fresh = await fetchDevToken(convexUrl, name);
        cached.current = { ...fresh, name };
        return fresh.token;
      } catch {
        return null;
      }
    },
    // `attempt` gives a retry a new function, which makes Convex re-authenticate.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [convexUrl, name, attempt],
  );
  return useMemo(
    () => ({ isLoading: false, isAuthenticated: name !== null, fetchAccessToken }),
    [name, fetchAccessToken],
  );
}

export function DevAuthProvider({ convexUrl, children }: { convexUrl: string; children: ReactNode }) {
  const [{ name, attempt }, setState] = useState(() => ({ name: currentName(), attempt: 0 }));
  const signIn = useCallback((chosen: string) => {
    rememberName(chosen);
    setState((previous) => ({ name: chosen, attempt: previous.attempt + 1 }));
  }, []);
  const signOut = useCallback(() => {
    forgetCurrentName();
    // Drafts stay on this browser: the next person must not find them.
    clearAllDrafts();
    setState((previous) => ({ name: null, attempt: previous.attempt + 1 }));
  }, []);
  const state = useMemo(() => ({ convexUrl, name, attempt, signIn, signOut }), [convexUrl, name, attempt, signIn, signOut]);
  const session = useMemo<AuthSession>(() => ({ mode: "dev", devName: name, signOut }), [name, signOut]);
  return (
    <DevAuthContext.Provider value={state}>
      <AuthSessionContext.Provider value={session}>{children}</AuthSessionContext.Provider>
    </DevAuthContext.Provider>
  );
}

/** Shows the dev sign-in until the backend has accepted a token, then the app. */
export function DevAuthGate({ children }: { children: ReactNode }) {
  const { name, signIn } = useDevAuthState();
  const { isLoading, isAuthenticated } = useConvexAuth();
  // Signed out on the chat, a visitor is a guest until they ask to sign in.
  const [signingIn, setSigningIn] = useState(false);
  const askSignIn = useCallback(() => setSigningIn(true), []);
  if (!name) {
    const onChat = isGuestPath(window.location.pathname);
    if (onChat && !signingIn) {
      return (
        <GuestGate signIn={askSignIn} signUp={askSignIn}>
          {children}
        </GuestGate>
      );
    }
    const guestAction = onChat
      ? { label: "Back to the chat", onSelect: () => setSigningIn(false) }
      : { label: "Try the chat without an account", onSelect: () => window.location.assign("/chat") };
    return <DevSignInScreen onSignIn={signIn} guestAction={guestAction} />;
  }
  if (isLoading) return <AuthLoading label={`Signing in as ${name}…`} />;
  if (!isAuthenticated) {
    return (
      <DevSignInScreen
        onSignIn={signIn}
        error="The offline backend did not accept the sign-in. Check that `npm run dev` is still running, then try again."
      />
    );
  }
  return <StoreUserGate key={name}>{children}</StoreUserGate>;
}

/** Offline mode: dev sign-in against the offline backend. */
export function DevAuth({ client, convexUrl, children }: { client: ConvexReactClient; convexUrl: string; children: ReactNode }) {
  return (
    <DevAuthProvider convexUrl={convexUrl}>
      <ConvexProviderWithAuth client={client} useAuth={useDevConvexAuth}>
        <DevAuthGate>{children}</DevAuthGate>
      </ConvexProviderWithAuth>
    </DevAuthProvider>
  );
}
