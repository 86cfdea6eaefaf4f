import { ClerkProvider, SignIn, useAuth, useClerk } from "@clerk/react";
import { useConvexAuth, type ConvexReactClient } from "convex/react";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import { ShipWheel } from "lucide-react";
import { useMemo, type ReactNode } from "react";
import { AuthSessionContext, type AuthSession } from "@/lib/auth-session";
import { clearAllDrafts } from "@/lib/drafts";
import { AuthLoading } from "./auth-loading";
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

/** Clerk's sign-in until Convex has accepted the Clerk token, then the app. */
export function ClerkGate({ children }: { children: ReactNode }) {
  const { isLoading, isAuthenticated } = useConvexAuth();
  if (isLoading) return <AuthLoading label="Signing in…" />;
  if (!isAuthenticated) {
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
        </div>
      </div>
    );
  }
  return <StoreUserGate>{children}</StoreUserGate>;
}

/**
 * Connected mode: Clerk accounts, with Clerk's token (JWT template "convex")
 * passed to Convex. Loaded lazily so the offline build never ships Clerk.
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
    <ClerkProvider publishableKey={publishableKey} afterSignOutUrl="/">
      <ConvexProviderWithClerk client={client} useAuth={useAuth}>
        <ClerkSession>
          <ClerkGate>{children}</ClerkGate>
        </ClerkSession>
      </ConvexProviderWithClerk>
    </ClerkProvider>
  );
}
