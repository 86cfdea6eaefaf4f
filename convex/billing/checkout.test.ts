import { ConvexError } from "convex/values";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import { setupTest, signIn, type TestConvex } from "../test.setup";

const TEST_CHECKOUT = "http://127.0.0.1:3290/_helm/checkout";
const APP = "http://127.0.0.1:5273";
const urls = { successUrl: `${APP}/billing/return`, cancelUrl: `${APP}/pricing` };

async function errorCodeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConvexError);
  return (error as ConvexError<{ code: string }>).data.code;
}

/** What the webhook would do for this user, without the HTTP layer (tested in webhook.test.ts). */
async function fulfil(t: TestConvex, eventId: string, change: { kind: "pack"; credits: number } | { kind: "pro" }) {
  return await t.mutation(internal.billing.webhook.fulfil, {
    eventId,
    type: "billing.updated",
    customerId: "user_alice",
    changes: [
      change.kind === "pack"
        ? { kind: "pack", productId: "credits_500", credits: change.credits }
        : { kind: "pro", active: true, endsAt: Date.now() + 30 * 86_400_000 },
    ],
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-03-15T12:00:00Z"));
  vi.stubEnv("AUTUMN_SECRET_KEY", "");
  vi.stubEnv("HELM_TEST_CHECKOUT_URL", TEST_CHECKOUT);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

test("the catalogue lists Free, Pro and the three packs, and says test mode without an Autumn key", async () => {
  const t = setupTest();
  expect(await t.query(api.billing.catalogue.get, {})).toEqual({
    mode: "test",
    freeMonthlyCredits: 100,
    actionCosts: { chat: 3, projectGeneration: 15, urlScrape: 5 },
    pro: { priceCents: 1200, interval: "month" },
    packs: [
      { key: "pack500", credits: 500, priceCents: 500 },
      { key: "pack1000", credits: 1000, priceCents: 900 },
      { key: "pack5000", credits: 5000, priceCents: 4000 },
    ],
  });
  vi.stubEnv("AUTUMN_SECRET_KEY", "am_sk_test_x");
  expect((await t.query(api.billing.catalogue.get, {})).mode).toBe("autumn");
});

describe("test-mode checkout", () => {
  test("sends the browser to the local test checkout with product, customer and return addresses", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { url } = await alice.action(api.billing.checkout.start, { product: "pack1000", ...urls });
    const checkout = new URL(url);
    expect(`${checkout.origin}${checkout.pathname}`).toBe(`${TEST_CHECKOUT}/session`);
    expect(checkout.searchParams.get("product")).toBe("credits_1000");
    expect(checkout.searchParams.get("customer")).toBe("user_alice");
    expect(checkout.searchParams.get("cancel_url")).toBe(urls.cancelUrl);
    const success = new URL(checkout.searchParams.get("success_url")!);
    expect(`${success.origin}${success.pathname}`).toBe(urls.successUrl);
    expect(success.searchParams.get("product")).toBe("pack1000");
    expect(Number(success.searchParams.get("since"))).toBe(Date.now());
  });

  test("uses configured Autumn product ids", async () => {
    vi.stubEnv("AUTUMN_PRO_PRODUCT_ID", "helm_pro_v2");
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { url } = await alice.action(api.billing.checkout.start, { product: "pro", ...urls });
    expect(new URL(url).searchParams.get("product")).toBe("helm_pro_v2");
  });

  test("without a test checkout or an Autumn key, billing is unavailable", async () => {
    vi.stubEnv("HELM_TEST_CHECKOUT_URL", "");
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    expect(await errorCodeOf(alice.action(api.billing.checkout.start, { product: "pack500", ...urls }))).toBe(
      "BILLING_UNAVAILABLE",
    );
  });

  test.each(["javascript:alert(1)", "not a url"])("refuses the return address %j", async (successUrl) => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    expect(
      await errorCodeOf(alice.action(api.billing.checkout.start, { product: "pack500", ...urls, successUrl })),
    ).toBe("INVALID_ARGUMENT");
  });

  test("needs a signed-in user", async () => {
    const t = setupTest();
    expect(await errorCodeOf(t.action(api.billing.checkout.start, { product: "pack500", ...urls }))).toBe(
      "UNAUTHENTICATED",
    );
  });

  test("a Pro user can't buy Pro again, but can still buy packs", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await fulfil(t, "evt_pro", { kind: "pro" });
    expect(await errorCodeOf(alice.action(api.billing.checkout.start, { product: "pro", ...urls }))).toBe(
      "ALREADY_SUBSCRIBED",
    );
    await expect(alice.action(api.billing.checkout.start, { product: "pack500", ...urls })).resolves.toHaveProperty("url");
  });

  test("refreshing the plan reports the locally mirrored state", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    expect(await alice.action(api.billing.plan.refresh, {})).toEqual({ plan: "free" });
    await fulfil(t, "evt_pro", { kind: "pro" });
    expect(await alice.action(api.billing.plan.refresh, {})).toMatchObject({ plan: "pro" });
  });
});

describe("checkout return status", () => {
  test("a pack purchase is pending until its webhook lands, then shows the credits added", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await fulfil(t, "evt_earlier", { kind: "pack", credits: 500 });
    vi.setSystemTime(new Date("2026-03-15T12:05:00Z"));
    const since = Date.now();
    const before = await alice.query(api.billing.purchases.status, { product: "pack1000", since });
    expect(before).toMatchObject({ complete: false, creditsAdded: 0, balance: { remaining: 600 } });

    vi.setSystemTime(new Date("2026-03-15T12:05:30Z"));
    await fulfil(t, "evt_now", { kind: "pack", credits: 1000 });
    const after = await alice.query(api.billing.purchases.status, { product: "pack1000", since });
    expect(after).toMatchObject({ complete: true, creditsAdded: 1000, balance: { remaining: 1600 } });
  });

  test("a Pro upgrade is complete once the plan is Pro", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const since = Date.now();
    expect(await alice.query(api.billing.purchases.status, { product: "pro", since })).toMatchObject({
      complete: false,
    });
    await fulfil(t, "evt_pro", { kind: "pro" });
    expect(await alice.query(api.billing.purchases.status, { product: "pro", since })).toMatchObject({
      complete: true,
      balance: { unlimited: true, plan: "pro" },
    });
  });

  test("another user's purchases never show up", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    const since = Date.now();
    await fulfil(t, "evt_alice", { kind: "pack", credits: 500 });
    expect(await bob.query(api.billing.purchases.status, { product: "pack500", since })).toMatchObject({
      complete: false,
      creditsAdded: 0,
    });
    expect((await alice.query(api.billing.purchases.status, { product: "pack500", since })).creditsAdded).toBe(500);
  });
});

/** A stand-in for api.useautumn.com answering the calls Helm makes. */
function fakeAutumn(handlers: Record<string, (body: Record<string, unknown>) => Response>) {
  const calls: { path: string; body: Record<string, unknown>; auth: string | null }[] = [];
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    const body = JSON.parse((await request.text()) || "{}") as Record<string, unknown>;
    calls.push({ path, body, auth: request.headers.get("authorization") });
    const handler = handlers[path];
    return handler ? handler(body) : Response.json({ message: "not found" }, { status: 404 });
  });
  return calls;
}

const customerRecord = (subscriptions: Record<string, unknown>[] = []) =>
  Response.json({
    id: "user_alice",
    name: "Alice",
    email: "alice@example.com",
    created_at: 1,
    fingerprint: null,
    stripe_id: null,
    env: "sandbox",
    metadata: {},
    send_email_receipts: false,
    billing_controls: {},
    subscriptions,
    purchases: [],
    licenses: [],
    balances: {},
    flags: {},
  });

const proSubscription = (periodEnd: number) => ({
  id: "sub_1",
  plan_id: "pro",
  auto_enable: false,
  add_on: false,
  status: "active",
  past_due: false,
  canceled_at: null,
  expires_at: null,
  trial_ends_at: null,
  started_at: Date.now(),
  current_period_start: Date.now(),
  current_period_end: periodEnd,
  quantity: 1,
});

describe("with Autumn", () => {
  beforeEach(() => vi.stubEnv("AUTUMN_SECRET_KEY", "am_sk_test_helm"));

  test("checkout attaches the product to the user's customer and returns Autumn's payment URL", async () => {
    const calls = fakeAutumn({
      "/v1/customers.get_or_create": () => customerRecord(),
      "/v1/billing.attach": () => Response.json({ customer_id: "user_alice", payment_url: "https://pay.example/cs_1" }),
    });
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { url } = await alice.action(api.billing.checkout.start, { product: "pack5000", ...urls });
    expect(url).toBe("https://pay.example/cs_1");
    const attach = calls.find((c) => c.path === "/v1/billing.attach")!;
    expect(attach.auth).toBe("Bearer am_sk_test_helm");
    expect(attach.body).toMatchObject({ customer_id: "user_alice", plan_id: "credits_5000" });
    expect(new URL(attach.body.success_url as string).searchParams.get("product")).toBe("pack5000");
    expect(calls.find((c) => c.path === "/v1/customers.get_or_create")!.body).toMatchObject({
      customer_id: "user_alice",
      name: "Alice",
      email: "alice@example.com",
    });
  });

  test("when Autumn needs no payment step, the browser goes straight to the return page", async () => {
    fakeAutumn({
      "/v1/customers.get_or_create": () => customerRecord(),
      "/v1/billing.attach": () => Response.json({ customer_id: "user_alice", payment_url: null }),
    });
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { url } = await alice.action(api.billing.checkout.start, { product: "pack500", ...urls });
    expect(url.startsWith(`${urls.successUrl}?product=pack500&since=`)).toBe(true);
  });

  test("an Autumn failure is a clear BILLING_UNAVAILABLE", async () => {
    fakeAutumn({
      "/v1/customers.get_or_create": () => customerRecord(),
      "/v1/billing.attach": () => Response.json({ message: "boom" }, { status: 400 }),
    });
    vi.spyOn(console, "error").mockImplementation(() => {});
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    expect(await errorCodeOf(alice.action(api.billing.checkout.start, { product: "pack500", ...urls }))).toBe(
      "BILLING_UNAVAILABLE",
    );
  });

  test("refresh mirrors an active Pro subscription, and its end, from the customer API", async () => {
    const periodEnd = Date.parse("2026-04-15T12:00:00Z");
    fakeAutumn({ "/v1/customers.get": () => customerRecord([proSubscription(periodEnd)]) });
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const result = await alice.action(api.billing.plan.refresh, {});
    expect(result.plan).toBe("pro");
    expect(result.proCurrentPeriodEnd).toBeGreaterThan(periodEnd);
    expect(await alice.query(api.credits.balance, {})).toMatchObject({ plan: "pro", unlimited: true });
  });

  test("refresh drops a user Autumn no longer has on Pro back to free", async () => {
    fakeAutumn({ "/v1/customers.get": () => customerRecord([]) });
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await fulfil(t, "evt_pro", { kind: "pro" });
    expect(await alice.action(api.billing.plan.refresh, {})).toEqual({ plan: "free" });
    expect(await alice.query(api.credits.balance, {})).toMatchObject({ plan: "free", unlimited: false });
  });

  test("a customer Autumn doesn't know yet is free", async () => {
    fakeAutumn({});
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    expect(await alice.action(api.billing.plan.refresh, {})).toEqual({ plan: "free" });
  });
});
