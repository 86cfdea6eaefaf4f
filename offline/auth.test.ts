import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { describe, expect, test } from "vitest";
import { DEV_AUDIENCE, DEV_ISSUER } from "./auth/dev-auth";
import { connect, devToken, signedIn, watch } from "./testing/clients";
import { backendForSuite } from "./testing/suite";

/*
 * Dev sign-in against a running backend: tokens minted by the backend are
 * accepted, anything else is refused with an AuthError and the client goes
 * on signed out.
 */

const suite = backendForSuite("auth");
type Me = { name: string; email?: string } | null;

/** A token signed with the backend's own key, with claims of our choosing. */
async function forgeWithBackendKey(claims: { name: string; exp: number; iat: number }) {
  const { kid, privateJwk } = JSON.parse(await readFile(join(suite.backend.dataDir, "dev-auth-key.json"), "utf8")) as {
    kid: string;
    privateJwk: JWK;
  };
  const key = await importJWK(privateJwk, "RS256");
  return await new SignJWT({ name: claims.name })
    .setProtectedHeader({ alg: "RS256", kid })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject("dev|expired")
    .setIssuedAt(claims.iat)
    .setExpirationTime(claims.exp)
    .sign(key);
}

async function track(token: () => Promise<string | null>) {
  const session = await connect(suite.backend.apiUrl, token);
  suite.clients.push(session.client);
  return session;
}

describe("dev sign-in tokens", () => {
  test("a backend-minted token signs in with the claims mapped to the identity", async () => {
    const { client } = await signedIn(suite.backend.apiUrl, "Ada Lovelace");
    suite.clients.push(client);
    const me = watch<Me>(client, anyApi.users.me);
    const value = await me.until((v) => v !== null);
    expect(value).toMatchObject({ name: "Ada Lovelace", email: "ada-lovelace@example.com" });
    me.stop();
  });

  test("the token is a short-lived RS256 JWT verifiable with the published key", async () => {
    const token = await devToken(suite.backend.apiUrl, "Key Checker");
    const [header, payload] = token.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString()));
    expect(header.alg).toBe("RS256");
    expect(payload).toMatchObject({ iss: DEV_ISSUER, aud: DEV_AUDIENCE, sub: "dev|key-checker", name: "Key Checker" });
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(15 * 60);
    const jwks = (await (await fetch(`${suite.backend.apiUrl}/_helm/dev-auth/jwks`)).json()) as { keys: JWK[] };
    expect(jwks.keys.map((key) => key.kid)).toContain(header.kid);
    expect(jwks.keys[0]).not.toHaveProperty("d");
  });

  test("a token signed by another key is refused and the client carries on signed out", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ name: "Mallory" })
      .setProtectedHeader({ alg: "RS256" })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject("dev|mallory")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    const { client, authenticated } = await track(async () => forged);
    expect(authenticated).toBe(false);
    const me = watch<Me>(client, anyApi.users.me);
    expect(await me.until(() => true)).toBeNull();
    await expect(client.mutation(anyApi.users.store, {})).rejects.toMatchObject({ data: { code: "UNAUTHENTICATED" } });
    me.stop();
  });

  test("an expired token is refused", async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await forgeWithBackendKey({ name: "Late Comer", iat: now - 1200, exp: now - 600 });
    const { client, authenticated } = await track(async () => expired);
    expect(authenticated).toBe(false);
    const me = watch<Me>(client, anyApi.users.me);
    expect(await me.until(() => true)).toBeNull();
    me.stop();
  });

  test("garbage is refused", async () => {
    const { authenticated } = await track(async () => "not-a-jwt");
    expect(authenticated).toBe(false);
  });

  test("signing out turns the subscriptions into signed-out results", async () => {
    const { client } = await signedIn(suite.backend.apiUrl, "Leaving Soon");
    suite.clients.push(client);
    const me = watch<Me>(client, anyApi.users.me);
    await me.until((v) => v?.name === "Leaving Soon");
    client.client.clearAuth();
    await me.until((v) => v === null);
    await expect(client.mutation(anyApi.users.store, {})).rejects.toMatchObject({ data: { code: "UNAUTHENTICATED" } });
    me.stop();
  });

  test("the HTTP API accepts the same tokens and refuses bad ones", async () => {
    const http = new ConvexHttpClient(suite.backend.apiUrl);
    http.setAuth(await devToken(suite.backend.apiUrl, "Http User"));
    await http.mutation(anyApi.users.store, {});
    expect(await http.query(anyApi.users.me, {})).toMatchObject({ name: "Http User" });
    http.setAuth("not-a-jwt");
    await expect(http.query(anyApi.users.me, {})).rejects.toThrow(/Could not parse JWT payload/);
  });

  test("the token endpoint rejects empty and overlong names", async () => {
    for (const name of ["", "   ", "x".repeat(61)]) {
      const response = await fetch(`${suite.backend.apiUrl}/_helm/dev-auth/token`, {
        method: "POST",
        body: JSON.stringify({ name }),
      });
      expect(response.status).toBe(400);
    }
  });
});
