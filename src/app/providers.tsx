import type { ReactNode } from "react";

/** Convex and auth providers; filled in with the offline backend and Clerk. */
export function AppProviders({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
