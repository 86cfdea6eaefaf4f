import { appError, ErrorCode } from "../../errors";

/**
 * A guest token is 32 random bytes the browser makes (crypto.getRandomValues)
 * and keeps, written as 43 base64url characters. The server stores only its
 * SHA-256, so the database never holds a token that could act as the guest.
 * `crypto.subtle.digest` is a synchronous op in Convex's default runtime, so
 * queries and mutations may use it (get-convex/convex-backend,
 * crates/isolate/src/ops/subtle_crypto/mod.rs, op_crypto_subtle_digest).
 */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const GUEST_TOKEN_PREFIX = "guest:";

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The `tokenIdentifier` of the guest this token stands for; refuses a missing or malformed token. */
export async function guestTokenIdentifier(token: string | undefined): Promise<string> {
  if (token === undefined || token === "") {
    throw appError(ErrorCode.GUEST_TOKEN_REQUIRED, "This needs a guest token. Reload the page to get one.");
  }
  if (!TOKEN_PATTERN.test(token)) {
    throw appError(ErrorCode.GUEST_TOKEN_INVALID, "This guest token is not valid. Reload the page to start a new guest session.");
  }
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return GUEST_TOKEN_PREFIX + hex(digest);
}
