import { createContext, useContext } from "react";

/**
 * Who is signed in and how to sign out, whichever sign-in is in use (Clerk,
 * or the offline dev sign-in). Provided by src/app/providers.tsx.
 */
export type AuthSession = {
  mode: "clerk" | "dev";
  /** The name picked on the dev sign-in screen; null with Clerk. */
  devName: string | null;
  signOut: () => void;
};

export const AuthSessionContext = createContext<AuthSession | null>(null);

/** The current sign-in session, e.g. for the user menu's "Sign out". */
export function useAuthSession(): AuthSession {
  const session = useContext(AuthSessionContext);
  if (!session) throw new Error("useAuthSession must be used inside <AppProviders>.");
  return session;
}
