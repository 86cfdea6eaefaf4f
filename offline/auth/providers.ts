import type { AuthConfig } from "convex/server";
import {
  compactVerify,
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import { AuthFailure, invalidAuthHeader } from "./auth-failure";

/**
 * Token verification against the providers of convex/auth.config.ts, step by
 * step as Convex does it (convex-backend crates/authentication/src/lib.rs,
 * `validate_id_token`; provider matching in crates/common/src/auth.rs), so
 * each failure carries Convex's code and wording.
 */
export type Provider =
  | { type: "oidc"; domain: string; applicationID: string }
  | {
      type: "customJwt";
      issuer: string;
      /** A URL (https or data:) as in auth.config.ts; the offline dev provider passes its key set directly. */
      jwks: string | JSONWebKeySet;
      algorithm: "RS256" | "ES256";
      applicationID?: string;
    };

/** Convex adds https:// to a configured domain or issuer given without a scheme. */
const withScheme = (url: string) => (/^\w+:\/\//.test(url) ? url : `https://${url}`);
const trimSlash = (url: string) => url.replace(/\/+$/, "");

export function providersOf(config: AuthConfig | null): Provider[] {
  return (config?.providers ?? []).map((provider): Provider => {
    if ("type" in provider && provider.type === "customJwt") return { ...provider, issuer: withScheme(provider.issuer) };
    const oidc = provider as { domain: string; applicationID: string };
    return { type: "oidc", domain: withScheme(oidc.domain), applicationID: oidc.applicationID };
  });
}

function issuerOf(provider: Provider) {
  return provider.type === "oidc" ? provider.domain : provider.issuer;
}

/** `iss` must match; `aud` only when the provider names an application ID. */
function matches(provider: Provider, audiences: string[], issuer: string) {
  if (provider.applicationID !== undefined && !audiences.includes(provider.applicationID)) return false;
  return trimSlash(issuerOf(provider)) === trimSlash(withScheme(issuer));
}

function noProviderMessage(providers: Provider[]) {
  if (providers.length === 0) {
    return "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.";
  }
  const listed = providers.map((provider) =>
    provider.type === "oidc"
      ? `OIDC(domain=${provider.domain}, app_id=${provider.applicationID})`
      : `CustomJWT(issuer=${provider.issuer}, app_id=${provider.applicationID ?? "none"})`,
  );
  return (
    "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of " +
    `your configured providers: [${listed.join(", ")}]`
  );
}

const MISSING_ISSUER =
  "Missing issuer claim ('iss') in JWT payload. The JWT must include an 'iss' claim that matches one of your configured auth providers.";

/** Verifies `token` with the first provider it matches; returns its verified claims. */
export async function verifyWithProviders(token: string, providers: Provider[]): Promise<JWTPayload> {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    throw invalidAuthHeader(
      "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.",
    );
  }
  if (typeof claims.iss !== "string") throw invalidAuthHeader(MISSING_ISSUER);
  const audiences = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const provider = providers.find((candidate) => matches(candidate, audiences, claims.iss!));
  if (!provider) throw new AuthFailure(noProviderMessage(providers), "NoAuthProvider");
  return provider.type === "oidc" ? await verifyOidc(token, claims, provider) : await verifyCustomJwt(token, provider);
}

// ---- OIDC: discovery, then an ID token verified against the discovered keys.

const DISCOVERY_TTL_MS = 5 * 60_000;
const discovered = new Map<string, { at: number; issuer: string; keys: JWTVerifyGetKey }>();

async function discover(issuer: string) {
  const cached = discovered.get(issuer);
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached;
  const failed = (detail = "") =>
    new AuthFailure(`Auth provider discovery of ${issuer} failed${detail}`, "AuthProviderDiscoveryFailed", 400);
  let metadata: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetch(`${trimSlash(issuer)}/.well-known/openid-configuration`);
    if (!response.ok) throw failed(`: ${response.status} ${await response.text()}`);
    metadata = (await response.json()) as typeof metadata;
  } catch (error) {
    throw error instanceof AuthFailure ? error : failed();
  }
  // As the OIDC discovery spec requires: the document is the issuer's own.
  if (metadata.issuer !== issuer || typeof metadata.jwks_uri !== "string") throw failed();
  const entry = { at: Date.now(), issuer, keys: createRemoteJWKSet(new URL(metadata.jwks_uri)) };
  discovered.set(issuer, entry);
  return entry;
}

async function verifyOidc(token: string, claims: JWTPayload, provider: Extract<Provider, { type: "oidc" }>) {
  const { issuer, keys } = await discover(claims.iss!);
  if (typeof claims.sub !== "string" || claims.aud === undefined || typeof claims.exp !== "number" || typeof claims.iat !== "number") {
    throw invalidAuthHeader("Could not parse as OIDC ID token. Token might not be an OIDC-compliant JWT.");
  }
  const unverified = new AuthFailure(
    "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.",
  );
  try {
    await compactVerify(token, keys, { algorithms: ["RS256", "EdDSA"] });
  } catch {
    throw unverified;
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const expired = claims.exp * 1000 <= Date.now();
  if (claims.iss !== issuer || audiences.length !== 1 || audiences[0] !== provider.applicationID || expired) throw unverified;
  return claims;
}

// ---- Custom JWT: the configured key set and algorithm, then the claims.

async function fetchKeySet(uri: string): Promise<unknown> {
  const invalidBody = () =>
    invalidAuthHeader(
      `Invalid JWKS response body from '${uri}'. The response is not valid JSON or doesn't match the expected JWKS format.`,
    );
  if (uri.startsWith("data:")) {
    const comma = uri.indexOf(",");
    let text: string;
    try {
      if (comma < 0) throw new Error("no data");
      const data = uri.slice(comma + 1);
      text = /;base64$/i.test(uri.slice(0, comma)) ? Buffer.from(data, "base64").toString("utf8") : decodeURIComponent(data);
    } catch {
      throw invalidAuthHeader(
        "Invalid JWKS data URL. Check that the data URL is properly formatted and contains valid base64-encoded JSON.",
      );
    }
    try {
      return JSON.parse(text);
    } catch {
      throw invalidBody();
    }
  }
  let response: Response;
  try {
    response = await fetch(uri, { headers: { Accept: "application/json" } });
  } catch (error) {
    throw invalidAuthHeader(`Could not fetch JWKS from URL '${uri}': ${String(error)}. Check that the URL is correct and accessible.`);
  }
  if (response.status !== 200) {
    throw invalidAuthHeader(
      `Could not fetch JWKS from URL '${uri}': HTTP ${response.status} ${response.statusText || "Unknown"}. ` +
        "Check that the URL is correct and accessible.",
    );
  }
  const contentType = response.headers.get("content-type") ?? "unknown";
  const [essence, ...params] = contentType.split(";").map((part) => part.trim().toLowerCase());
  const charset = params.find((param) => param.startsWith("charset="));
  if (!["application/json", "application/jwk-set+json"].includes(essence) || (charset && charset !== "charset=utf-8")) {
    throw invalidAuthHeader(
      `Invalid Content-Type '${contentType}' when fetching JWKS from '${uri}'. Expected 'application/json' or 'application/jwk-set+json'.`,
    );
  }
  try {
    return await response.json();
  } catch {
    throw invalidBody();
  }
}

/** Convex validates times with 5 s of leeway (biscuit's wording for the failures). */
const LEEWAY_SECONDS = 5;

function checkTimes(claims: JWTPayload) {
  const now = Math.floor(Date.now() / 1000);
  const invalid = (reason: string) => invalidAuthHeader(`Could not validate token: ${reason}`);
  if (typeof claims.exp !== "number") throw invalid('The following claims are required, but missing: ["exp"]');
  if (now - claims.exp > LEEWAY_SECONDS) throw invalid(`Token expired ${now - claims.exp} seconds ago`);
  if (typeof claims.nbf === "number" && claims.nbf - now > LEEWAY_SECONDS) {
    throw invalid(`Token will be valid in ${claims.nbf - now} seconds`);
  }
}

async function verifyCustomJwt(token: string, provider: Extract<Provider, { type: "customJwt" }>) {
  const keySet = typeof provider.jwks === "string" ? await fetchKeySet(provider.jwks) : provider.jwks;
  const uri = typeof provider.jwks === "string" ? provider.jwks : "(offline dev keys)";
  if (!Array.isArray((keySet as JSONWebKeySet | null)?.keys)) {
    throw invalidAuthHeader(
      `Invalid JWKS response body from '${uri}'. The response is not valid JSON or doesn't match the expected JWKS format.`,
    );
  }
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
    if (!kid) throw new Error("no kid");
    await compactVerify(token, createLocalJWKSet(keySet as JSONWebKeySet), { algorithms: [provider.algorithm] });
  } catch {
    throw invalidAuthHeader(
      kid
        ? `Could not decode token. The JWT's 'kid' (key ID) header is '${kid}', does this key match any key in the provider's JWKS?`
        : "Could not decode token. JWT may be missing a 'kid' (key ID) header.",
    );
  }
  const claims = decodeJwt(token);
  if (typeof claims.iss !== "string") throw invalidAuthHeader(MISSING_ISSUER);
  if (trimSlash(withScheme(claims.iss)) !== trimSlash(provider.issuer)) {
    throw invalidAuthHeader(`Invalid issuer: ${claims.iss} != ${provider.issuer}`);
  }
  if (provider.applicationID !== undefined) {
    if (claims.aud === undefined) {
      throw invalidAuthHeader(
        "Missing audience claim ('aud') in JWT payload. The JWT must include an 'aud' claim that matches your configured application ID.",
      );
    }
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(provider.applicationID)) {
      throw invalidAuthHeader(`Invalid audience: ${provider.applicationID} not in ${JSON.stringify(audiences)}`);
    }
  }
  checkTimes(claims);
  return claims;
}
