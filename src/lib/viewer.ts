import { createContext, useContext, useMemo } from "react";

/**
 * Who is using the app: a signed-in user, or a guest trying the chat before
 * signing up. A guest's calls carry its token (see
 * src/features/auth/guest-token.ts); `signIn`/`signUp` open the sign-in in
 * use (Clerk, or the offline dev sign-in). Outside a guest provider the
 * viewer is a user, so signed-in code needs no provider at all.
 */
export type Viewer =
  | { kind: "user" }
  | { kind: "guest"; guestToken: string; signIn: () => void; signUp: () => void };

const USER: Viewer = { kind: "user" };

export const ViewerContext = createContext<Viewer>(USER);

export function useViewer(): Viewer {
  return useContext(ViewerContext);
}

/** The arguments that name the caller to the chat functions: a guest's token, else nothing. */
export function useOwnerArgs(): { guestToken?: string } {
  const viewer = useViewer();
  const guestToken = viewer.kind === "guest" ? viewer.guestToken : undefined;
  return useMemo(() => (guestToken ? { guestToken } : {}), [guestToken]);
}
