import { LogOut, RotateCw, ShieldAlert } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Why Convex is not signed in although Clerk is. */
export type RejectionReason =
  /** Clerk issued no token for Convex (no `convex` JWT template, or the integration is off). */
  | "no-token"
  /** Clerk issued a token and Convex refused it (issuer, audience or auth config). */
  | "rejected";

type Props = {
  reason: RejectionReason;
  /** Who Clerk says is signed in, so the person knows which account this is. */
  account?: string;
  onSignOut: () => void;
  onRetry: () => void;
};

function Code({ children }: { children: string }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8125rem] text-slate-800">{children}</code>;
}

/**
 * Shown instead of Clerk's sign-in when Clerk says "signed in" but Helm's
 * backend refused the session: Clerk's `<SignIn/>` would send a signed-in
 * user straight back here, a loop with no way out. This says what to check
 * and offers a way out (Sign out) and a retry.
 */
export function BackendRejectedScreen({ reason, account, onSignOut, onRetry }: Props) {
  return (
    <div className="grid min-h-dvh place-items-center bg-slate-50 px-4 py-10">
      <main role="alert" aria-labelledby="backend-rejected-title" className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-6 shadow-xl shadow-slate-900/5 sm:p-7">
        <span className="grid size-10 place-items-center rounded-xl bg-amber-100 text-amber-700">
          <ShieldAlert className="size-5" aria-hidden />
        </span>
        <h1 id="backend-rejected-title" className="mt-4 text-lg font-semibold tracking-tight text-slate-900">
          Helm's backend did not accept your sign-in
        </h1>
        <p className="mt-2 text-sm text-slate-600">
          {account ? <>You're signed in to Clerk as <strong className="font-medium text-slate-800">{account}</strong>, but </> : "Clerk signed you in, but "}
          {reason === "no-token"
            ? "Clerk did not issue a token for Helm's backend (Convex)."
            : "Helm's backend (Convex) refused the token Clerk issued."}
        </p>
        <h2 className="mt-5 text-xs font-semibold uppercase tracking-wide text-slate-500">What to check</h2>
        <ul className="mt-2 list-disc space-y-1.5 pl-5 text-sm text-slate-600">
          {reason === "no-token" ? (
            <>
              <li>
                In Clerk, a JWT template named <Code>convex</Code> exists (or Clerk's Convex integration is activated).
              </li>
              <li>
                <Code>VITE_CLERK_PUBLISHABLE_KEY</Code> belongs to that Clerk application.
              </li>
            </>
          ) : (
            <>
              <li>
                <Code>CLERK_JWT_ISSUER_DOMAIN</Code> is set on the Convex deployment to your Clerk Frontend API URL (the
                token's issuer), then the functions were pushed again.
              </li>
              <li>
                The token's audience is <Code>convex</Code> (the JWT template's name, or Clerk's Convex integration).
              </li>
              <li>
                <Code>VITE_CONVEX_URL</Code> points at that deployment.
              </li>
            </>
          )}
        </ul>
        <div className="mt-6 flex flex-wrap gap-2">
          <Button variant="primary" onClick={onSignOut}>
            <LogOut aria-hidden />
            Sign out
          </Button>
          <Button variant="secondary" onClick={onRetry}>
            <RotateCw aria-hidden />
            Try again
          </Button>
        </div>
      </main>
    </div>
  );
}
