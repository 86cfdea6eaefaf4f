import type { IncomingMessage } from "node:http";
import type { Identity } from "../engine/engine";
import { AuthFailure } from "./auth-failure";
import type { DevAuth } from "./dev-auth";

/**
 * The user token of an `Authorization` header, read as Convex reads it
 * (convex-backend crates/local_backend/src/authentication.rs,
 * `ExtractAuthenticationToken`): `Bearer <token>`; `Convex <key>` is an admin
 * key, which the offline backend does not issue.
 */
export function userToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  if (header.length < 7) throw new AuthFailure("Invalid authentication header", "InvalidHeaderFailure", 400);
  const scheme = header.slice(0, 7).toLowerCase();
  if (scheme === "convex ") throw new AuthFailure("Admin keys are not accepted by the offline backend.", "BadAdminKey");
  if (scheme !== "bearer " || header.length === 7) throw new AuthFailure("Invalid admin key", "InvalidAdminKey", 400);
  return header.slice(7).trim();
}

/** The caller's identity; throws AuthFailure for a header or token Convex would refuse. */
export async function requestIdentity(req: IncomingMessage, auth: DevAuth): Promise<Identity | null> {
  const token = userToken(req);
  return token === null ? null : (await auth.verify(token)).identity;
}
