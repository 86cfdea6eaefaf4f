import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { ConvexError } from "convex/values";
import { beforeAll, describe, expect, test } from "vitest";
import { fixtures, signedIn, type Balance } from "./testing/clients";
import { backendForSuite } from "./testing/suite";

/*
 * The HTTP function API, function visibility, error data, and HTTP actions on
 * the site URL, with the `convex` package's clients.
 */

const suite = backendForSuite("http");
let alice: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  alice = await signedIn(suite.backend.apiUrl, "Alice");
  suite.clients.push(alice.client);
});

describe("function visibility", () => {
  test("internal functions are refused over WebSocket and HTTP, and do not run", async () => {
    const args = { userId: alice.userId, amount: 50, reason: "sneaky", idempotencyKey: "sneaky-1" };
    await expect(alice.client.mutation(anyApi.credits.adminAdjust, args)).rejects.toThrow(
      /Could not find public function for 'credits:adminAdjust'/,
    );
    await expect(alice.http.mutation(anyApi.credits.adminAdjust, args)).rejects.toThrow(/Could not find public function/);
    await expect(alice.http.mutation(fixtures.grantTo, { userId: alice.userId, key: "x" })).rejects.toThrow(
      /Could not find public function/,
    );
    expect(((await alice.http.query(anyApi.credits.balance, {})) as Balance).remaining).toBe(100);
  });

  test("a function called as the wrong kind is refused", async () => {
    await expect(alice.http.query(anyApi.users.store as never, {})).rejects.toThrow(/defined as Mutation/);
  });

  test("unknown functions are refused", async () => {
    await expect(alice.http.query(anyApi.nothing.here, {})).rejects.toThrow(/Could not find public function for 'nothing:here'/);
  });
});

describe("ConvexError", () => {
  const data = { code: "CUSTOM", message: "Nope", count: 3, ratio: 0.5, ok: false, none: null, list: [1, "two", { three: 3 }] };

  test("data arrives intact over WebSocket and HTTP", async () => {
    for (const call of [
      () => alice.client.mutation(fixtures.fail, { data }),
      () => alice.http.mutation(fixtures.fail, { data }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConvexError);
      expect((error as ConvexError<typeof data>).data).toEqual(data);
    }
  });

  test("a product error keeps its code and message for a signed-out caller", async () => {
    const anonymous = new ConvexHttpClient(suite.backend.apiUrl);
    const error = (await anonymous.query(anyApi.credits.balance, {}).catch((e: unknown) => e)) as ConvexError<{
      code: string;
    }>;
    expect(error).toBeInstanceOf(ConvexError);
    expect(error.data).toEqual({ code: "UNAUTHENTICATED", message: "Please sign in to continue." });
  });
});

describe("HTTP function API", () => {
  test("query, mutation, action and function endpoints answer in Convex's format", async () => {
    await alice.http.mutation(fixtures.grantEachRun, {});
    expect(await alice.http.action(fixtures.grantInSteps, { steps: 2, pauseMs: 0, key: "http" })).toBe(2);
    const viaFunction = await fetch(`${suite.backend.apiUrl}/api/function`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${alice.token}` },
      body: JSON.stringify({ path: "credits:balance", args: {}, format: "convex_encoded_json" }),
    });
    expect(await viaFunction.json()).toMatchObject({ status: "success", value: { remaining: 103 } });

    const raw = await fetch(`${suite.backend.apiUrl}/api/query`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${alice.token}` },
      body: JSON.stringify({ path: "users:me", args: [{}], format: "convex_encoded_json" }),
    });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toMatchObject({ status: "success", value: { name: "Alice" }, logLines: [] });

    const failed = await fetch(`${suite.backend.apiUrl}/api/mutation`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ path: "users:store", args: [{}], format: "convex_encoded_json" }),
    });
    // Convex answers a function's own failure with 200 (crates/local_backend/src/public_api.rs).
    expect(failed.status).toBe(200);
    expect(await failed.json()).toMatchObject({ status: "error", errorData: { code: "UNAUTHENTICATED" } });

    const malformed = await fetch(`${suite.backend.apiUrl}/api/query`, { method: "POST", body: "{" });
    expect(malformed.status).toBe(400);
  });

  test("CORS is granted to pages served from this machine only", async () => {
    const preflight = (origin: string) =>
      fetch(`${suite.backend.apiUrl}/_helm/dev-auth/token`, { method: "OPTIONS", headers: { Origin: origin } });
    expect((await preflight("http://127.0.0.1:5273")).headers.get("access-control-allow-origin")).toBe(
      "http://127.0.0.1:5273",
    );
    expect((await preflight("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
  });

  test("/_helm/info describes the offline services", async () => {
    expect(await (await fetch(`${suite.backend.apiUrl}/_helm/info`)).json()).toMatchObject({ mode: "offline" });
  });
});

describe("HTTP actions", () => {
  test("are served on the site URL with the caller's identity", async () => {
    const response = await fetch(`${suite.backend.siteUrl}/_fixtures/whoami?greeting=hi`, {
      headers: { Authorization: `Bearer ${alice.token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: "Alice", greeting: "hi" });
    const anonymous = await fetch(`${suite.backend.siteUrl}/_fixtures/whoami`);
    expect(await anonymous.json()).toEqual({ name: null, greeting: null });
  });

  test("unrouted paths get a 404, and HTTP actions are not on the API URL", async () => {
    expect((await fetch(`${suite.backend.siteUrl}/no/such/route`)).status).toBe(404);
    expect((await fetch(`${suite.backend.apiUrl}/_fixtures/whoami`)).status).toBe(404);
  });
});
