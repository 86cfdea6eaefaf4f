import { useAuth } from "@clerk/react";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { useDelayedFlag } from "@/lib/use-delayed-flag";
import type { RejectionReason } from "./backend-rejected-screen";

/**
 * Telling "Clerk signed in, Convex did not" apart from a sign-in still in
 * progress. Convex's client reports "not authenticated" once its token
 * fetch came back empty or the backend refused the token twice; Clerk's
 * `getToken` says which of the two happened.
 */

type TokenOutcome = "issued" | "none";
type Probe = { outcome: TokenOutcome | null; report: (outcome: TokenOutcome) => void };

const ProbeContext = createContext<Probe | null>(null);

/** Remembers what Clerk's last token fetch for Convex gave. */
export function ClerkTokenProbe({ children }: { children: ReactNode }) {
  const [outcome, setOutcome] = useState<TokenOutcome | null>(null);
  const probe = useMemo<Probe>(() => ({ outcome, report: setOutcome }), [outcome]);
  return <ProbeContext.Provider value={probe}>{children}</ProbeContext.Provider>;
}

type TokenOptions = { template?: "convex"; skipCache?: boolean };

/**
 * Clerk's `useAuth`, with `getToken` reporting to the probe. Passed to
 * ConvexProviderWithClerk, which calls `getToken` with the `convex` template
 * (or without one when the session token's audience is already `convex`,
 * Clerk's native integration); a missing template throws there, which
 * Convex's provider turns into "no token".
 */
export function useClerkAuthForConvex() {
  const auth = useAuth();
  const report = useContext(ProbeContext)?.report;
  const { getToken } = auth;
  const probed = useCallback(
    async (options: TokenOptions) => {
      try {
        const token = await getToken(options);
        report?.(token ? "issued" : "none");
        return token;
      } catch (error) {
        report?.("none");
        throw error;
      }
    },
    [getToken, report],
  );
  return { ...auth, getToken: probed };
}

/** How long a refusal must last, with a token issued, before it is shown (not a passing state). */
export const REJECTION_GRACE_MS = 1_000;

/**
 * `refused`: Clerk is signed in and Convex has finished authenticating
 * without accepting. Returns why, once it is certain: at once when Clerk
 * issued no token, after `graceMs` when Convex refused an issued one.
 */
export function useBackendRejection(refused: boolean, graceMs = REJECTION_GRACE_MS): RejectionReason | null {
  const outcome = useContext(ProbeContext)?.outcome ?? null;
  const graceOver = useDelayedFlag(refused, graceMs);
  if (!refused) return null;
  if (outcome === "none") return "no-token";
  return graceOver ? "rejected" : null;
}
