import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { removeDataDir, ROOT, startBackendProcess, tempDataDir, type BackendProcess } from "./testing/backend-process";
import { connect, eventually, watch } from "./testing/clients";
import { APPLICATION_ID, ISSUER } from "./testing/fixtures/custom-jwt/auth.config";

/*
 * Tokens from a custom JWT provider configured in auth.config.ts, and the
 * distinct ways Convex refuses a token (offline/testing/fixtures/custom-jwt).
 */

let backend: BackendProcess;
let privateKey: CryptoKey;
const KID = "helm-test-key";
const clients: ConvexClient[] = [];
/** A local OIDC provider: discovery document and key set, same key as the custom JWT provider. */
let oidc: Server;
let oidcIssuer: string;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  privateKey = pair.privateKey;
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: "RS256", use: "sig" }] };
  oidc = createServer((req, res) => {
    const body =
      req.url === "/.well-known/openid-configuration" ? { issuer: oidcIssuer, jwks_uri: `${oidcIssuer}/jwks` } : req.url === "/jwks" ? jwks : null;
    res.writeHead(body ? 200 : 404, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => oidc.listen(0, "127.0.0.1", resolve));
  oidcIssuer = `http://127.0.0.1:${(oidc.address() as AddressInfo).port}`;
  backend = await startBackendProcess({
    dataDir: tempDataDir("auth-providers"),
    convexDir: join(ROOT, "offline", "testing", "fixtures", "custom-jwt"),
    testing: false,
    env: {
      HELM_TEST_JWKS: `data:application/json;base64,${Buffer.from(JSON.stringify(jwks)).toString("base64")}`,
      HELM_TEST_OIDC_DOMAIN: oidcIssuer,
    },
  });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await backend?.stop();
  await removeDataDir(backend.dataDir);
  oidc?.closeAllConnections();
  await new Promise((resolve) => oidc?.close(resolve));
});

type Claims = JWTPayload & { name?: string };

async function sign(claims: Claims, options: { kid?: string | null; key?: CryptoKey } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const kid = options.kid === undefined ? KID : options.kid;
  return await new SignJWT({ iss: ISSUER, aud: APPLICATION_ID, sub: "user-1", iat: now, exp: now + 300, ...claims })
    .setProtectedHeader(kid === null ? { alg: "RS256" } : { alg: "RS256", kid })
    .sign(options.key ?? privateKey);
}

/** POST /api/query as a raw HTTP client: the status and body Convex answers a refused token with. */
async function queryWith(authorization: string) {
  const response = await fetch(`${backend.apiUrl}/api/query`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: authorization },
    body: JSON.stringify({ path: "identity:whoami", args: {}, format: "convex_encoded_json" }),
  });
  return { status: response.status, body: (await response.json()) as { code?: string; message?: string; value?: unknown } };
}

const noProvider = () =>
  "No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your " +
  `configured providers: [CustomJWT(issuer=${ISSUER}, app_id=${APPLICATION_ID}), OIDC(domain=${oidcIssuer}, ` +
  `app_id=${APPLICATION_ID}), CustomJWT(issuer=https://dev-auth.helm.local, app_id=convex)]`;

describe("custom JWT providers", () => {
  test("a token from the configured custom JWT provider signs in through the real client", async () => {
    const token = await sign({ name: "Grace Hopper", sub: "grace" });
    const session = await connect(backend.apiUrl, async () => token);
    clients.push(session.client);
    expect(session.authenticated).toBe(true);
    const me = watch<{ name: string; tokenIdentifier: string } | null>(session.client, anyApi.identity.whoami);
    expect(await me.until((value) => value !== null)).toEqual({ name: "Grace Hopper", tokenIdentifier: `${ISSUER}|grace` });
    me.stop();
  });

  test("an OIDC provider's token is verified with the keys its discovery document points to", async () => {
    const token = await sign({ iss: oidcIssuer, name: "Oidc User", sub: "oidc-1" });
    const reply = await queryWith(`Bearer ${token}`);
    expect(reply).toEqual({ status: 200, body: expect.objectContaining({ value: { name: "Oidc User", tokenIdentifier: `${oidcIssuer}|oidc-1` } }) });
    const forged = await sign({ iss: oidcIssuer }, { key: (await generateKeyPair("RS256")).privateKey });
    expect(await queryWith(`Bearer ${forged}`)).toEqual({
      status: 401,
      body: {
        code: "Unauthenticated",
        message: "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.",
      },
    });
  });

  test("each way a token is refused has Convex's own code and message", async () => {
    const unknownIssuer = await sign({ iss: "https://elsewhere.example" });
    const otherAudience = await sign({ aud: "another-app" });
    const otherKey = await sign({}, { key: (await generateKeyPair("RS256")).privateKey });
    const noKid = await sign({}, { kid: null });
    const expired = await sign({ exp: Math.floor(Date.now() / 1000) - 600 });
    const cases: Array<[string, number, string, string | RegExp]> = [
      ["Bearer not-a-jwt", 401, "InvalidAuthHeader", /^Could not parse JWT payload\./],
      [`Bearer ${unknownIssuer}`, 401, "NoAuthProvider", noProvider()],
      [`Bearer ${otherAudience}`, 401, "NoAuthProvider", noProvider()],
      [
        `Bearer ${otherKey}`,
        401,
        "InvalidAuthHeader",
        `Could not decode token. The JWT's 'kid' (key ID) header is '${KID}', does this key match any key in the provider's JWKS?`,
      ],
      [`Bearer ${noKid}`, 401, "InvalidAuthHeader", "Could not decode token. JWT may be missing a 'kid' (key ID) header."],
      [`Bearer ${expired}`, 401, "InvalidAuthHeader", /^Could not validate token: Token expired 6\d\d seconds ago$/],
      ["Basic dXNlcjpwYXNz", 400, "InvalidAdminKey", "Invalid admin key"],
    ];
    for (const [authorization, status, code, message] of cases) {
      const reply = await queryWith(authorization);
      expect({ authorization: authorization.slice(0, 20), status: reply.status, code: reply.body.code }).toEqual({
        authorization: authorization.slice(0, 20),
        status,
        code,
      });
      if (typeof message === "string") expect(reply.body.message).toBe(message);
      else expect(reply.body.message).toMatch(message);
    }
  });

  test("over the WebSocket, a refused token gets an AuthError with Convex's message", async () => {
    const socket = new WebSocket(`${backend.apiUrl.replace("http", "ws")}/api/1.48.0/sync`);
    const received: Array<Record<string, unknown>> = [];
    socket.on("message", (data) => received.push(JSON.parse(data.toString()) as Record<string, unknown>));
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    try {
      socket.send(JSON.stringify({ type: "Connect", sessionId: "auth-providers", connectionCount: 0, lastCloseReason: null, clientTs: 0 }));
      socket.send(JSON.stringify({ type: "Authenticate", baseVersion: 0, tokenType: "User", value: await sign({ iss: "https://elsewhere.example" }) }));
      const error = await eventually(
        () => received.find((message) => message.type === "AuthError"),
        () => `an AuthError; got ${JSON.stringify(received)}`,
      );
      expect(error).toMatchObject({ error: noProvider(), authUpdateAttempted: true });
    } finally {
      socket.terminate();
    }
  });

  test("in an HTTP action, getUserIdentity throws for a token Convex cannot verify, and the action still runs", async () => {
    const whoami = async (headers: Record<string, string>) => {
      const response = await fetch(`${backend.siteUrl}/whoami`, { headers });
      return { status: response.status, body: await response.json() };
    };
    const foreign = await sign({ iss: "https://elsewhere.example" });
    expect(await whoami({ Authorization: `Bearer ${foreign}` })).toEqual({ status: 401, body: { threw: noProvider() } });
    expect(await whoami({ Authorization: `Bearer ${await sign({ name: "Ada" })}` })).toEqual({ status: 200, body: { name: "Ada" } });
    expect(await whoami({})).toEqual({ status: 200, body: { name: null } });
  });
});
