import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from "jose";
import type { AuthConfig } from "convex/server";
import type { Identity } from "../engine/engine";
import { invalidAuthHeader } from "./auth-failure";
import { providersOf, verifyWithProviders, type Provider } from "./providers";

export { AuthFailure } from "./auth-failure";

/** Issuer of dev sign-in tokens. Fixed, so users keep their identity across ports. */
export const DEV_ISSUER = "https://dev-auth.helm.local";
export const DEV_AUDIENCE = "convex";
export const DEFAULT_TOKEN_TTL_SECONDS = 10 * 60;
const KEY_FILE = "dev-auth-key.json";

/** "Ada Lovelace" → "ada-lovelace": the stable part of a dev user's subject. */
export function slugOf(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "user"
  );
}

/** Maps verified JWT claims to a Convex identity, as Convex does. */
export function identityFromClaims(claims: JWTPayload): Identity {
  if (!claims.iss || !claims.sub) {
    throw invalidAuthHeader(
      "Could not verify token claim. Check that the JWT contains valid claims and matches your auth provider configuration.",
    );
  }
  const text = (key: string) => (typeof claims[key] === "string" ? (claims[key] as string) : undefined);
  const identity: Identity = {
    subject: claims.sub,
    issuer: claims.iss,
    tokenIdentifier: `${claims.iss}|${claims.sub}`,
  };
  const optional = { name: text("name"), email: text("email"), pictureUrl: text("picture"), nickname: text("nickname") };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) identity[key] = value;
  return identity;
}

type StoredKey = { kid: string; privateJwk: JWK };

/**
 * Dev sign-in: an RS256 key pair kept in the data directory mints short-lived
 * tokens for any name. Offline, these tokens come from one more provider
 * (a custom JWT provider with the dev issuer) beside those configured in
 * convex/auth.config.ts, read anew after each reload; every token is
 * verified the way Convex verifies it (./providers.ts).
 */
export class DevAuth {
  private providerCache: { config: AuthConfig | null; providers: Provider[] } | null = null;

  private constructor(
    private readonly kid: string,
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
    private readonly authConfig: () => AuthConfig | null,
    private readonly ttlSeconds: number,
  ) {}

  static async load(dataDir: string, authConfig: () => AuthConfig | null, ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS) {
    const file = join(dataDir, KEY_FILE);
    let stored: StoredKey;
    try {
      stored = JSON.parse(await readFile(file, "utf8")) as StoredKey;
    } catch {
      const { privateKey } = await generateKeyPair("RS256", { extractable: true });
      stored = { kid: `dev-${Date.now().toString(36)}`, privateJwk: await exportJWK(privateKey) };
      await mkdir(dataDir, { recursive: true });
      await writeFile(file, JSON.stringify(stored), { mode: 0o600 });
    }
    const privateKey = (await importJWK(stored.privateJwk, "RS256")) as CryptoKey;
    const { kty, n, e } = stored.privateJwk;
    const publicJwk: JWK = { kty, n, e, kid: stored.kid, alg: "RS256", use: "sig" };
    return new DevAuth(stored.kid, privateKey, publicJwk, authConfig, ttlSeconds);
  }

  /** The configured providers, then the dev sign-in provider. */
  private providers(): Provider[] {
    const config = this.authConfig();
    if (this.providerCache?.config !== config) {
      const dev: Provider = { type: "customJwt", issuer: DEV_ISSUER, jwks: this.jwks(), algorithm: "RS256", applicationID: DEV_AUDIENCE };
      this.providerCache = { config, providers: [...providersOf(config), dev] };
    }
    return this.providerCache.providers;
  }

  jwks() {
    return { keys: [this.publicJwk] };
  }

  /** A token for the dev user called `name`, valid for `ttlSeconds`. */
  async mint(name: string, ttlSeconds = this.ttlSeconds) {
    const slug = slugOf(name);
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + ttlSeconds;
    const token = await new SignJWT({ name, email: `${slug}@example.com` })
      .setProtectedHeader({ alg: "RS256", kid: this.kid, typ: "JWT" })
      .setIssuer(DEV_ISSUER)
      .setSubject(`dev|${slug}`)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.privateKey);
    return { token, expiresAt: expiresAt * 1000 };
  }

  /** Verifies a token; throws AuthFailure with Convex's code and message. */
  async verify(token: string): Promise<{ identity: Identity; expiresAt: number | null }> {
    const payload = await verifyWithProviders(token, this.providers());
    return { identity: identityFromClaims(payload), expiresAt: payload.exp ? payload.exp * 1000 : null };
  }
}
