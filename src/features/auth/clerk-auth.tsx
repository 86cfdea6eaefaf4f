import { ClerkProvider, SignIn, useAuth, useClerk, useUser } from "@clerk/react";
import { useTheme } from "@/lib/theme";
import { clerkAppearance } from "./clerk-appearance";
import { useConvexAuth, type ConvexReactClient } from "convex/react";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import { ShipWheel } from "lucide-react";
import { useCallback, useMemo, type ReactNode } from "react";
import { AuthSessionContext, useAuthSession, type AuthSession } from "@/lib/auth-session";
import { clearAllDrafts } from "@/lib/drafts";
import { AuthLoading } from "./auth-loading";
import { BackendRejectedScreen } from "./backend-rejected-screen";
import { ClerkTokenProbe, useBackendRejection, useClerkAuthForConvex } from "./clerk-rejection";
import { GuestGate, isGuestPath } from "./guest-gate";
import { StoreUserGate } from "./store-user-gate";

function ClerkSession({ children }: { children: ReactNode }) {
  const clerk = useClerk();
  const session = useMemo<AuthSession>(
    () => ({
      mode: "clerk",
      devName: null,
      signOut: () => {
        // Drafts stay on this browser: the next person must not find them.
        clearAllDrafts();
        void clerk.signOut();
      },
    }),
    [clerk],
  );
  return <AuthSessionContext.Provider value={session}>{children}</AuthSessionContext.Provider>;
}

/**
 * Clerk's sign-in while signed out of Clerk; the app once Convex has
 * accepted the Clerk token; and, when Clerk is signed in but Convex refused
 * the token, a screen saying so with a way out (never `<SignIn/>`, which
 * would send a signed-in user straight back: a loop).
 */
export function ClerkGate({ children, rejectionGraceMs }: { children: ReactNode; rejectionGraceMs?: number }) {
  const { isLoaded, isSignedIn } = useAuth();
  const { user } = useUser();
  const convex = useConvexAuth();
  const { signOut } = useAuthSession();
  const clerk = useClerk();
  const openSignIn = useCallback(() => clerk.openSignIn(), [clerk]);
  const openSignUp = useCallback(() => clerk.openSignUp(), [clerk]);
  const rejection = useBackendRejection(
    Boolean(isLoaded && isSignedIn && !convex.isLoading && !convex.isAuthenticated),
    rejectionGraceMs,
  );
  const email = user?.primaryEmailAddress?.emailAddress ?? undefined;
  const name = user?.fullName ?? user?.username ?? undefined;

  if (!isLoaded) return <AuthLoading label="Signing in…" />;
  if (!isSignedIn && isGuestPath(window.location.pathname)) {
    // Signed out on the chat: a guest; Clerk's own sign-in and sign-up open over the page.
    return (
      <GuestGate signIn={openSignIn} signUp={openSignUp}>
        {children}
      </GuestGate>
    );
  }
  if (!isSignedIn) {
    return (
      <div className="grid min-h-dvh place-items-center bg-slate-50 px-4 py-10">
        <div className="flex flex-col items-center gap-6">
          <div className="flex items-center gap-2.5">
            <span className="grid size-10 place-items-center rounded-xl bg-slate-900 text-white shadow-lg shadow-black/15">
              <ShipWheel className="size-5" aria-hidden />
            </span>
            <span className="text-xl font-semibold tracking-tight text-slate-900">Helm</span>
          </div>
          <SignIn routing="hash" />
          <a href="/chat" className="rounded-md px-2 py-1 text-sm font-medium text-blue-700 hover:underline">
            Try the chat without an account
          </a>
        </div>
      </div>
    );
  }
  if (convex.isAuthenticated) {
    return <StoreUserGate profile={{ name, email }}>{children}</StoreUserGate>;
  }
  if (rejection) {
    return (
      <BackendRejectedScreen
        reason={rejection}
        account={email ?? name}
        onSignOut={signOut}
        onRetry={() => window.location.reload()}
      />
    );
  }
  return <AuthLoading label="Signing in…" />;
}

/**
 * Connected mode: Clerk accounts, with Clerk's token (JWT template "convex",
 * or Clerk's native Convex integration) passed to Convex. Loaded lazily so
 * the offline build never ships Clerk.
 */
export default function ClerkAuth({
  client,
  publishableKey,
  children,
}: {
  client: ConvexReactClient;
  publishableKey: string;
  children: ReactNode;
}) {
  return (
    <ClerkProvider publishableKey={publishableKey} afterSignOutUrl="/" appearance={clerkAppearance(useTheme().theme)}>
      <ClerkTokenProbe>
        <ConvexProviderWithClerk client={client} useAuth={useClerkAuthForConvex}>
          <ClerkSession>
            <ClerkGate>{children}</ClerkGate>
          </ClerkSession>
        </ConvexProviderWithClerk>
      </ClerkTokenProbe>
    </ClerkProvider>
  );
}
