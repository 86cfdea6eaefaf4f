import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  createRemoteJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import type { AuthConfig } from "convex/server";
import type { Identity } from "../engine/engine";

/** Issuer of dev sign-in tokens. Fixed, so users keep their identity across ports. */
export const DEV_ISSUER = "https://dev-auth.helm.local";
export const DEV_AUDIENCE = "convex";
export const DEFAULT_TOKEN_TTL_SECONDS = 10 * 60;
const KEY_FILE = "dev-auth-key.json";

export class AuthFailure extends Error {}

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
  if (!claims.iss || !claims.sub) throw new AuthFailure("Token is missing iss or sub.");
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
 * tokens for any name, and verifies them. Tokens from providers configured in
 * convex/auth.config.ts (Clerk) are verified against their published keys.
 */
export class DevAuth {
  private constructor(
    private readonly kid: string,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly publicJwk: JWK,
    private readonly providers: Array<{ issuer: string; audience: string; keys: JWTVerifyGetKey }>,
    private readonly ttlSeconds: number,
  ) {}

  static async load(dataDir: string, authConfig: AuthConfig | null, ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS) {
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
    const publicKey = (await importJWK(publicJwk, "RS256")) as CryptoKey;
    const providers = (authConfig?.providers ?? []).flatMap((provider) => {
      if (!("domain" in provider) || !provider.domain) return [];
      const issuer = provider.domain.replace(/\/$/, "");
      const keys = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
      return [{ issuer, audience: provider.applicationID, keys }];
    });
    return new DevAuth(stored.kid, privateKey, publicKey, publicJwk, providers, ttlSeconds);
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

  /** Verifies a token; throws AuthFailure with a reason the client is shown. */
  async verify(token: string): Promise<{ identity: Identity; expiresAt: number | null }> {
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw new AuthFailure("Could not parse the auth token: it is not a JWT.");
    }
    try {
      const { payload } =
        issuer === DEV_ISSUER
          ? await jwtVerify(token, this.publicKey, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ["RS256"] })
          : await this.verifyWithProvider(token, issuer);
      return { identity: identityFromClaims(payload), expiresAt: payload.exp ? payload.exp * 1000 : null };
    } catch (error) {
      if (error instanceof AuthFailure) throw error;
      const reason = (error as { code?: string }).code === "ERR_JWT_EXPIRED" ? "Token expired" : String((error as Error).message);
      throw new AuthFailure(`Could not verify the auth token: ${reason}`);
    }
  }

  private async verifyWithProvider(token: string, issuer: string | undefined) {
    const provider = this.providers.find((p) => p.issuer === issuer?.replace(/\/$/, ""));
    if (!provider) {
      throw new AuthFailure(`No auth provider found matching the token's issuer (${issuer ?? "none"}).`);
    }
    return await jwtVerify(token, provider.keys, { issuer: provider.issuer, audience: provider.audience });
  }
}
