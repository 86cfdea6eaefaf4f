/**
 * The guest token: 32 random bytes made here with the Web Crypto API and
 * kept in this browser, sent with every guest call. The server keeps only
 * its SHA-256 (convex/model/guest/token.ts). Signing in hands it to the
 * account once (the chats move) and forgets it.
 */
const KEY = "helm.guestToken";

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function newGuestToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

export function readGuestToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** This browser's token, made on first use. */
export function guestToken(): string {
  const existing = readGuestToken();
  if (existing) return existing;
  const made = newGuestToken();
  try {
    localStorage.setItem(KEY, made);
  } catch {
    // Storage refused (private mode): the token lives as long as the page.
  }
  return made;
}

export function forgetGuestToken(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}
