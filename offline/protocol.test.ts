import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { importJWK, SignJWT, type JWK } from "jose";
import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { DEV_AUDIENCE, DEV_ISSUER } from "./auth/dev-auth";
import { decodeTs, encodeTs, transitionFrames } from "./sync/protocol";
import { removeDataDir, startBackendProcess, tempDataDir, type BackendProcess } from "./testing/backend-process";
import { devToken, eventually } from "./testing/clients";

/*
 * The wire protocol itself, with a bare WebSocket: the details the Convex
 * client depends on but does not expose (version chaining, ts ordering,
 * token expiry during a session, duplicate mutations).
 */

type Message = Record<string, unknown> & { type: string };

let backend: BackendProcess;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  backend = await startBackendProcess({ dataDir: tempDataDir("protocol") });
});

afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await backend?.stop();
  await removeDataDir(backend.dataDir);
});

async function open(sessionId: string, clientTs: number | null = 0, connect: object = {}) {
  const socket = new WebSocket(`${backend.apiUrl.replace("http", "ws")}/api/1.48.0/sync`);
  sockets.push(socket);
  const received: Message[] = [];
  socket.on("message", (data) => received.push(JSON.parse(data.toString()) as Message));
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const send = (message: object) => socket.send(JSON.stringify(message));
  send({ type: "Connect", sessionId, connectionCount: 0, lastCloseReason: null, ...(clientTs === null ? {} : { clientTs }), ...connect });
  const next = (type: string, predicate: (m: Message) => boolean = () => true) =>
    eventually(
      () => received.find((m) => m.type === type && predicate(m)),
      () => `a ${type}; got ${JSON.stringify(received.map((m) => m.type))}`,
    );
  return { socket, received, send, next };
}

const closeCode = (socket: WebSocket) => new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));

const version = (v: unknown) => {
  const { querySet, identity, ts } = v as { querySet: number; identity: number; ts: string };
  return { querySet, identity, ts: decodeTs(ts) };
};

async function tokenExpiringIn(seconds: number, name: string) {
  const { kid, privateJwk } = JSON.parse(await readFile(join(backend.dataDir, "dev-auth-key.json"), "utf8")) as {
    kid: string;
    privateJwk: JWK;
  };
  const now = Math.floor(Date.now() / 1000);
  return await new SignJWT({ name })
    .setProtectedHeader({ alg: "RS256", kid })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(`dev|${name.toLowerCase()}`)
    .setIssuedAt(now)
    .setExpirationTime(now + seconds)
    .sign(await importJWK(privateJwk, "RS256"));
}

describe("sync protocol", () => {
  test("each Transition starts where the previous ended, and a mutation's ts is covered by a later Transition", async () => {
    const { send, next, received } = await open("session-chain");
    send({ type: "Authenticate", tokenType: "User", baseVersion: 0, value: await devToken(backend.apiUrl, "Chain") });
    send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [{ type: "Add", queryId: 0, udfPath: "users:me", args: [{}] }] });
    await next("Transition", (m) => version(m.endVersion).querySet === 1 && version(m.endVersion).identity === 1);
    send({ type: "Mutation", requestId: 0, udfPath: "users:store", args: [{}] });
    const response = await next("MutationResponse");
    expect(response.success).toBe(true);
    const mutationTs = decodeTs(response.ts as string);
    const after = received.indexOf(response);
    await eventually(
      () => received.slice(after).some((m) => m.type === "Transition" && version(m.endVersion).ts >= mutationTs),
      () => "a Transition covering the mutation",
    );
    const transitions = received.filter((m) => m.type === "Transition");
    expect(version(transitions[0].startVersion)).toEqual({ querySet: 0, identity: 0, ts: 0 });
    for (let i = 1; i < transitions.length; i++) {
      expect(version(transitions[i].startVersion)).toEqual(version(transitions[i - 1].endVersion));
      expect(version(transitions[i].endVersion).ts).toBeGreaterThanOrEqual(version(transitions[i - 1].endVersion).ts);
    }
    const me = transitions
      .flatMap((t) => t.modifications as Message[])
      .filter((m) => m.type === "QueryUpdated")
      .at(-1);
    expect(me?.value).toMatchObject({ name: "Chain" });
  });

  test("every Transition carries the client's clock skew and the server's send time, as Convex's do", async () => {
    // Real Transitions always have both fields (convex-backend, crates/convex/sync_types/src/types/json.rs):
    // the skew is Connect's clientTs minus the server's clock (null without one); serverTs is in nanoseconds.
    const before = Date.now();
    const behind = await open("session-skew", before - 5_000);
    const unknown = await open("session-no-client-ts", null);
    for (const { send } of [behind, unknown]) {
      send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [{ type: "Add", queryId: 0, udfPath: "users:me", args: [{}] }] });
    }
    const [skewed, plain] = await Promise.all([behind.next("Transition"), unknown.next("Transition")]);
    const after = Date.now();
    expect(skewed.clientClockSkew).toBeLessThanOrEqual(-5_000);
    expect(skewed.clientClockSkew).toBeGreaterThan(-5_000 - (after - before) - 1);
    expect(plain.clientClockSkew).toBeNull();
    for (const transition of [skewed, plain]) {
      expect(transition.serverTs).toBeGreaterThanOrEqual(before * 1_000_000);
      expect(transition.serverTs).toBeLessThanOrEqual(after * 1_000_000);
    }
  });

  test("an expired token is noticed at the session's next request: an AuthError, nothing runs, the socket closes", async () => {
    const { socket, send, next, received } = await open("session-expiry");
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    send({ type: "Authenticate", tokenType: "User", baseVersion: 0, value: await tokenExpiringIn(4, "Brief") });
    send({ type: "Mutation", requestId: 0, udfPath: "users:store", args: [{}] });
    expect((await next("MutationResponse")).success).toBe(true);
    send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [{ type: "Add", queryId: 0, udfPath: "users:me", args: [{}] }] });
    await next("Transition", (m) => (m.modifications as Message[]).some((mod) => (mod.value as { name?: string })?.name === "Brief"));
    // Like Convex, no timer: the expiry shows when the session next runs something.
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(received.some((m) => m.type === "AuthError")).toBe(false);
    send({ type: "Mutation", requestId: 1, udfPath: "_fixtures/conformance:grantEachRun", args: [{}] });
    const error = await next("AuthError");
    expect(error).toMatchObject({ error: "Convex token identity expired", baseVersion: 1, authUpdateAttempted: false });
    expect(await closed).toBe(1005);
    expect(received.some((m) => m.type === "MutationResponse" && m.requestId === 1)).toBe(false);
  });

  test("a refused token ends the session: an AuthError with the server's identity version, then a close with no status", async () => {
    const { socket, send, next } = await open("session-refused");
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    send({ type: "Authenticate", tokenType: "User", baseVersion: 0, value: "not-a-jwt" });
    expect(await next("AuthError")).toMatchObject({ baseVersion: 0, authUpdateAttempted: true });
    expect(await closed).toBe(1005);
  });

  test("a failed mutation has a null ts and, like every response, is followed by a Transition", async () => {
    const { send, next, received } = await open("session-failed-mutation");
    send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [{ type: "Add", queryId: 0, udfPath: "users:me", args: [{}] }] });
    await next("Transition", (m) => version(m.endVersion).querySet === 1);
    // Signed out: users:store is refused.
    send({ type: "Mutation", requestId: 0, udfPath: "users:store", args: [{}] });
    const response = await next("MutationResponse");
    expect(response).toMatchObject({ success: false, ts: null });
    const after = received.indexOf(response);
    const transition = await eventually(
      () => received.slice(after).find((m) => m.type === "Transition"),
      () => "a Transition after the failed mutation",
    );
    expect(transition.modifications).toEqual([]);
  });

  test("an internal error (a query id added twice) closes with 1011 and no FatalError, so the client reconnects", async () => {
    const { socket, send, received } = await open("session-duplicate-add");
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    const add = { type: "Add", queryId: 0, udfPath: "users:me", args: [{}] };
    send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [add] });
    send({ type: "ModifyQuerySet", baseVersion: 1, newVersion: 2, modifications: [add] });
    expect(await closed).toEqual({ code: 1011, reason: "InternalServerError" });
    expect(received.some((m) => m.type === "FatalError")).toBe(false);
  });

  test("a mutation re-sent under the same session and request id runs once and gets the same response", async () => {
    const token = await devToken(backend.apiUrl, "Twice");
    const first = await open("session-dup");
    first.send({ type: "Authenticate", tokenType: "User", baseVersion: 0, value: token });
    first.send({ type: "Mutation", requestId: 7, udfPath: "_fixtures/conformance:grantEachRun", args: [{}] });
    const original = await first.next("MutationResponse");
    first.socket.terminate();

    const second = await open("session-dup");
    second.send({ type: "Authenticate", tokenType: "User", baseVersion: 0, value: token });
    second.send({ type: "Mutation", requestId: 7, udfPath: "_fixtures/conformance:grantEachRun", args: [{}] });
    expect(await second.next("MutationResponse")).toEqual(original);
    second.send({ type: "Mutation", requestId: 8, udfPath: "users:store", args: [{}] });
    await second.next("MutationResponse", (m) => m.requestId === 8);
    second.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: [{ type: "Add", queryId: 0, udfPath: "credits:balance", args: [{}] }],
    });
    const update = await second.next("Transition", (m) => (m.modifications as Message[]).length > 0);
    expect(((update.modifications as Message[])[0].value as { remaining: number }).remaining).toBe(101);
  });

  test("a query set change from the wrong base version is a fatal error, and nothing sent after it runs", async () => {
    const { socket, send, next } = await open("session-bad");
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    const token = await devToken(backend.apiUrl, "Never Stored");
    send({ type: "Authenticate", tokenType: "User", baseVersion: 0, value: token });
    send({ type: "ModifyQuerySet", baseVersion: 5, newVersion: 6, modifications: [] });
    send({ type: "Mutation", requestId: 0, udfPath: "users:store", args: [{}] });
    expect((await next("FatalError")).error).toBe("Base version 5 passed up doesn't match the current version 0");
    expect(await closed).toBe(1005);
    const http = new ConvexHttpClient(backend.apiUrl, { logger: false });
    http.setAuth(token);
    expect(await http.query(anyApi.users.me, {})).toBeNull();
  });

  test("a Ping comes after 15 s without any other message, not while messages flow", { timeout: 30_000 }, async () => {
    const quiet = await open("session-quiet");
    const busy = await open("session-busy");
    const start = Date.now();
    // The busy session gets a response (and its Transition) every 5 s; each message re-arms the ping.
    for (let i = 0; i < 4; i++) {
      busy.send({ type: "Mutation", requestId: i, udfPath: "users:store", args: [{}] });
      await busy.next("MutationResponse", (m) => m.requestId === i);
      if (i < 3) await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    const ping = await quiet.next("Ping");
    expect(Date.now() - start).toBeGreaterThanOrEqual(14_000);
    expect(ping).toEqual({ type: "Ping" });
    expect(busy.received.some((m) => m.type === "Ping")).toBe(false);
  });

  test("a client that saw a ts ahead of the backend is refused as Convex refuses it: a 1011 close, no FatalError", async () => {
    const probe = await open("session-ts-probe");
    probe.send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [{ type: "Add", queryId: 0, udfPath: "users:me", args: [{}] }] });
    const now = version((await probe.next("Transition")).endVersion).ts;
    // The backend's ts is a commit counter that starts from the wall clock, so a restart never moves it back.
    expect(now).toBeGreaterThan((Date.now() - 24 * 3600_000) * 1000);

    const { socket, received } = await open("session-ahead", 0, { maxObservedTimestamp: encodeTs(now + 1_000_000_000) });
    expect(await closeCode(socket)).toBe(1011);
    expect(received.some((m) => m.type === "FatalError")).toBe(false);
  });

  test("a Connect with a null maxObservedTimestamp is served, as Convex's parser takes it", async () => {
    const { send, next } = await open("session-null-ts", 0, { maxObservedTimestamp: null });
    send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [{ type: "Add", queryId: 0, udfPath: "users:me", args: [{}] }] });
    expect(version((await next("Transition")).endVersion).querySet).toBe(1);
  });

  test("a query set whose new version is not above its base is an internal error: a 1011 close", async () => {
    const { socket, send, received } = await open("session-same-version");
    const closed = closeCode(socket);
    send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 0, modifications: [] });
    expect(await closed).toBe(1011);
    expect(received.some((m) => m.type === "FatalError")).toBe(false);
  });

  test("a large Transition is cut on character boundaries, never inside a multi-byte character", () => {
    const json = JSON.stringify({ type: "Transition", text: "é".repeat(3_000_001) });
    const parts = transitionFrames(json).map((frame) => JSON.parse(frame) as { chunk: string; totalParts: number; transitionId: string });
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.chunk).join("")).toBe(json);
    expect(parts.every((p) => !p.chunk.includes("\uFFFD") && Buffer.byteLength(p.chunk) <= 5_000_000)).toBe(true);
    expect(parts[0].transitionId).toBe(String(Buffer.byteLength(json)));
    expect(transitionFrames('{"type":"Transition"}')).toEqual(['{"type":"Transition"}']);
  });

  test("removing a query reports it removed", async () => {
    const { send, next } = await open("session-remove");
    send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [{ type: "Add", queryId: 3, udfPath: "users:me", args: [{}] }] });
    await next("Transition", (m) => version(m.endVersion).querySet === 1);
    send({ type: "ModifyQuerySet", baseVersion: 1, newVersion: 2, modifications: [{ type: "Remove", queryId: 3 }] });
    const removed = await next("Transition", (m) => version(m.endVersion).querySet === 2);
    expect(removed.modifications).toEqual([{ type: "QueryRemoved", queryId: 3 }]);
  });
});
