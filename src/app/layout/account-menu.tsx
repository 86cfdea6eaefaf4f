import { useQuery } from "convex/react";
import { lazy, Suspense } from "react";
import { useAuthSession } from "@/lib/auth-session";
import { api } from "../../../convex/_generated/api";
import { UserMenu } from "./user-menu";

const ClerkUserButton = lazy(() => import("./clerk-user-button"));

/** Clerk's UserButton when Clerk is in use; our menu for the offline dev identity. */
export function AccountMenu() {
  const session = useAuthSession();
  const me = useQuery(api.users.me);
  if (session.mode === "clerk") {
    return (
      <Suspense fallback={<span className="size-9 rounded-full bg-slate-100" />}>
        <ClerkUserButton />
      </Suspense>
    );
  }
  if (!me) return <span className="size-9 rounded-full bg-slate-100" aria-hidden />;
  return <UserMenu user={me} onSignOut={session.signOut} />;
}
