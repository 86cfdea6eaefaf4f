/*
 * "Where to go back to" after buying credits: the page the user was blocked
 * on travels as `?returnTo=` through pricing, checkout and the return page.
 * Only a path inside this app is accepted, never another site.
 */

export const RETURN_TO_PARAM = "returnTo";

/** The path if it is one of this app's own (a single leading "/"), else null. */
export function safeReturnPath(raw: string | null | undefined): string | null {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\")) return null;
  try {
    const url = new URL(raw, "http://helm.invalid");
    return url.origin === "http://helm.invalid" ? url.pathname + url.search : null;
  } catch {
    return null;
  }
}

/** Adds `returnTo` to an app path or absolute URL. */
export function withReturnTo(target: string, returnTo: string | null): string {
  if (!returnTo) return target;
  const url = new URL(target, "http://helm.invalid");
  url.searchParams.set(RETURN_TO_PARAM, returnTo);
  return url.origin === "http://helm.invalid" ? url.pathname + url.search + url.hash : url.toString();
}

/** What the way back is called: a chat is named as one. */
export function returnLabel(path: string): string {
  return path.startsWith("/chat/") ? "Back to your chat" : path.startsWith("/chat") ? "Back to the chat" : "Back to where you were";
}
