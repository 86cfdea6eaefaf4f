import { ConvexReactClient } from "convex/react";
import { lazy, Suspense, type ReactNode } from "react";
import { AuthLoading } from "@/features/auth/auth-loading";
import { DevAuth } from "@/features/auth/dev-auth";
import { appConfig } from "@/lib/app-config";

const ClerkAuth = lazy(() => import("@/features/auth/clerk-auth"));

let shared: { url: string; client: ConvexReactClient } | null = null;

/** One client per page (StrictMode would otherwise open two sockets). */
function clientFor(url: string): ConvexReactClient {
  if (shared?.url !== url) shared = { url, client: new ConvexReactClient(url) };
  return shared.client;
}

function MissingConfiguration() {
  return (
    <div className="grid min-h-dvh place-items-center bg-slate-50 p-6">
      <div role="alert" className="max-w-md text-center">
        <h1 className="text-lg font-semibold text-slate-900">Helm isn't connected to a backend</h1>
        <p className="mt-2 text-sm text-slate-600">
          <code className="font-mono">VITE_CONVEX_URL</code> is not set. Start Helm with{" "}
          <code className="font-mono">npm run dev</code> (offline) or <code className="font-mono">npm run dev:cloud</code>.
        </p>
      </div>
    </div>
  );
}

/**
 * Convex and sign-in around the app. With `VITE_CLERK_PUBLISHABLE_KEY` set,
 * users sign in with Clerk; otherwise with the offline dev sign-in. Either
 * way the app renders only once the user is signed in and stored.
 */
export function AppProviders({ children, client }: { children: ReactNode; client?: ConvexReactClient }) {
  const config = appConfig();
  if (!config.convexUrl && !client) return <MissingConfiguration />;
  const convex = client ?? clientFor(config.convexUrl!);
  if (config.clerkPublishableKey) {
    return (
      <Suspense fallback={<AuthLoading label="Loading sign-in…" />}>
        <ClerkAuth client={convex} publishableKey={config.clerkPublishableKey}>
          {children}
        </ClerkAuth>
      </Suspense>
    );
  }
  return (
    <DevAuth client={convex} convexUrl={config.convexUrl ?? convex.url}>
      {children}
    </DevAuth>
  );
}
