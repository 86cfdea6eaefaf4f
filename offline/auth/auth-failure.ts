/**
 * A token Convex would not accept. `code` and `message` are what Convex puts
 * in the HTTP error body (`{code, message}`); the message alone is the sync
 * protocol's AuthError text and what `getUserIdentity` throws in an HTTP
 * action. Wordings as in convex-backend crates/authentication/src/lib.rs
 * (`validate_id_token`, `fetch_jwks`) and crates/local_backend/src/authentication.rs.
 */
export class AuthFailure extends Error {
  constructor(
    message: string,
    readonly code = "Unauthenticated",
    readonly status = 401,
  ) {
    super(message);
    this.name = "AuthFailure";
  }
}

export const invalidAuthHeader = (message: string) => new AuthFailure(message, "InvalidAuthHeader");
