import { ConvexError } from "convex/values";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import { setupTest, signIn } from "../test.setup";
import { fakeAutumn } from "./autumnFake.testing";
import * as autumn from "./autumnFixtures.testing";

const APP = "http://127.0.0.1:5273";
const urls = { successUrl: `${APP}/billing/return`, cancelUrl: `${APP}/pricing?checkout=cancelled` };
const ALICE = "user_alice";

async function errorCodeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConvexError);
  return (error as ConvexError<{ code: string }>).data.code;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-03-15T12:00:00Z"));
  vi.stubEnv("AUTUMN_SECRET_KEY", "am_sk_test_helm");
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

test("the catalogue lists Free, Pro and the three packs, and says test mode without an Autumn key", async () => {
  const t = setupTest();
  expect((await t.query(api.billing.catalogue.get, {})).mode).toBe("autumn");
  vi.stubEnv("AUTUMN_SECRET_KEY", "");
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
});

describe("starting a checkout", () => {
  test("attaches the product to the user's customer and sends the browser to Autumn's payment page", async () => {
    const fake = fakeAutumn();
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const result = await alice.action(api.billing.checkout.start, { product: "pack5000", ...urls });
    expect(result).toEqual({ kind: "redirect", url: "https://checkout.stripe.test/c/cs_1" });
    const [attach] = fake.callsTo("/v1/billing.attach");
    expect(attach.auth).toBe("Bearer am_sk_test_helm");
    expect(attach.body).toMatchObject({
      customer_id: ALICE,
      plan_id: "credits_5000",
      checkout_session_params: { cancel_url: urls.cancelUrl },
    });
    const success = new URL(attach.body.success_url as string);
    expect([...success.searchParams.keys()]).toEqual(["product", "checkout"]);
    expect(success.searchParams.get("product")).toBe("pack5000");
    expect(fake.callsTo("/v1/customers.get_or_create")[0].body).toMatchObject({
      customer_id: ALICE,
      name: "Alice",
      email: "alice@example.com",
    });
  });

  test("repeated Buy clicks send Autumn identical parameters, so it keeps the open checkout", async () => {
    const fake = fakeAutumn();
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await alice.action(api.billing.checkout.start, { product: "pack500", ...urls });
    vi.setSystemTime(new Date("2026-03-15T12:00:07Z"));
    await alice.action(api.billing.checkout.start, { product: "pack500", ...urls });
    await alice.action(api.billing.checkout.start, { product: "pack500", ...urls });
    const bodies = fake.callsTo("/v1/billing.attach").map((c) => JSON.stringify(c.body));
    expect(new Set(bodies).size).toBe(1);
    // A different product is a different checkout (Autumn replaces the open one, as the user asked).
    await alice.action(api.billing.checkout.start, { product: "pack1000", ...urls });
    expect(new Set(fake.callsTo("/v1/billing.attach").map((c) => JSON.stringify(c.body))).size).toBe(2);
  });

  test("once the purchase has landed, buying the same pack again is a new checkout", async () => {
    const fake = fakeAutumn();
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await alice.action(api.billing.checkout.start, { product: "pack500", ...urls });
    fake.state.purchases.push(autumn.apiPurchase("credits_500", Date.now() + 1000));
    await alice.action(api.billing.plan.refresh, {});
    await alice.action(api.billing.checkout.start, { product: "pack500", ...urls });
    const [first, second] = fake.callsTo("/v1/billing.attach").map((c) => c.body.success_url);
    expect(second).not.toBe(first);
  });

  test("a card on file charged at once sends the browser straight to the return page", async () => {
    const fake = fakeAutumn({ subscriptions: [], purchases: [], attach: () => autumn.attachCharged(ALICE) });
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const result = await alice.action(api.billing.checkout.start, { product: "pack500", ...urls });
    expect(result).toEqual({ kind: "redirect", url: fake.callsTo("/v1/billing.attach")[0].body.success_url });
  });

  test.each([
    ["3ds_required", /bank needs you to confirm/],
    ["payment_failed", /declined.*Manage billing/],
    ["payment_method_required", /no card on file/],
  ] as const)("a required_action %s with no payment URL tells the user what to do", async (code, advice) => {
    fakeAutumn({ subscriptions: [], purchases: [], attach: () => autumn.attachRequiredAction(ALICE, code, "Processor says no") });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const result = await alice.action(api.billing.checkout.start, { product: "pack500", ...urls });
    expect(result).toMatchObject({ kind: "actionRequired", code });
    expect(result.kind === "actionRequired" && result.message).toMatch(advice);
    expect(result.kind === "actionRequired" && result.message).toContain("Processor says no");
  });

  test("an Autumn failure is a clear BILLING_UNAVAILABLE", async () => {
    fakeAutumn({ subscriptions: [], purchases: [], down: true });
    vi.spyOn(console, "error").mockImplementation(() => {});
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    expect(await errorCodeOf(alice.action(api.billing.checkout.start, { product: "pack500", ...urls }))).toBe(
      "BILLING_UNAVAILABLE",
    );
  });

  test("test mode without the offline backend's Autumn is unavailable", async () => {
    vi.stubEnv("AUTUMN_SECRET_KEY", "");
    vi.stubEnv("HELM_TEST_AUTUMN_URL", "");
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    expect(await errorCodeOf(alice.action(api.billing.checkout.start, { product: "pack500", ...urls }))).toBe(
      "BILLING_UNAVAILABLE",
    );
  });

  test("test mode talks to the offline backend's Autumn with the test key", async () => {
    vi.stubEnv("AUTUMN_SECRET_KEY", "");
    vi.stubEnv("HELM_TEST_AUTUMN_URL", "http://127.0.0.1:3290/_helm/autumn");
    const fake = fakeAutumn();
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await alice.action(api.billing.checkout.start, { product: "pack500", ...urls });
    expect(fake.calls.map((c) => c.url)).toEqual([
      "http://127.0.0.1:3290/_helm/autumn/v1/customers.get_or_create",
      "http://127.0.0.1:3290/_helm/autumn/v1/billing.attach",
    ]);
    expect(fake.calls.every((c) => c.auth === "Bearer am_sk_test_helm_offline")).toBe(true);
  });

  test.each(["javascript:alert(1)", "not a url"])("refuses the return address %j", async (successUrl) => {
    fakeAutumn();
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
    const fake = fakeAutumn();
    fake.state.subscriptions.push(autumn.apiProSubscription({ startedAt: Date.now(), periodEnd: Date.now() + autumn.MONTH }));
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await alice.action(api.billing.plan.refresh, {});
    expect(await errorCodeOf(alice.action(api.billing.checkout.start, { product: "pro", ...urls }))).toBe(
      "ALREADY_SUBSCRIBED",
    );
    await expect(alice.action(api.billing.checkout.start, { product: "pack500", ...urls })).resolves.toHaveProperty(
      "kind",
      "redirect",
    );
  });
});

describe("checkout return status", () => {
  async function started(product: "pack500" | "pro") {
    const fake = fakeAutumn();
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await alice.action(api.billing.checkout.start, { product, ...urls });
    const checkout = new URL(fake.callsTo("/v1/billing.attach")[0].body.success_url as string).searchParams.get(
      "checkout",
    )!;
    return { fake, t, alice, checkout };
  }

  test("a pack is pending until its purchase is granted, then shows the credits added", async () => {
    const { fake, alice, checkout } = await started("pack500");
    expect(await alice.query(api.billing.purchases.status, { checkout })).toMatchObject({
      product: "pack500",
      complete: false,
      creditsAdded: 0,
    });
    fake.state.purchases.push(autumn.apiPurchase("credits_500", Date.now() + 30_000));
    await alice.action(api.billing.plan.refresh, {});
    expect(await alice.query(api.billing.purchases.status, { checkout })).toMatchObject({
      complete: true,
      creditsAdded: 500,
      balance: { remaining: 600 },
    });
  });

  test("an earlier purchase granted late doesn't complete a newer checkout", async () => {
    const { fake, alice, checkout } = await started("pack500");
    fake.state.purchases.push(autumn.apiPurchase("credits_500", Date.now() - 60 * 60_000));
    await alice.action(api.billing.plan.refresh, {});
    expect(await alice.query(api.billing.purchases.status, { checkout })).toMatchObject({
      complete: false,
      balance: { purchased: 500 },
    });
  });

  test("a Pro upgrade is complete once the plan is Pro", async () => {
    const { fake, alice, checkout } = await started("pro");
    expect(await alice.query(api.billing.purchases.status, { checkout })).toMatchObject({ complete: false });
    fake.state.subscriptions.push(autumn.apiProSubscription({ startedAt: Date.now(), periodEnd: Date.now() + autumn.MONTH }));
    await alice.action(api.billing.plan.refresh, {});
    expect(await alice.query(api.billing.purchases.status, { checkout })).toMatchObject({
      complete: true,
      balance: { unlimited: true, plan: "pro" },
    });
  });

  test("someone else's checkout is nothing to see", async () => {
    const { t, checkout } = await started("pack500");
    const bob = await signIn(t, "Bob");
    expect(await bob.query(api.billing.purchases.status, { checkout })).toBeNull();
    expect(await bob.query(api.billing.purchases.status, { checkout: "not-an-id" })).toBeNull();
  });
});

describe("Manage billing", () => {
  test("opens Autumn's customer portal for the user's customer, coming back to the app", async () => {
    const fake = fakeAutumn();
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    expect(await alice.action(api.billing.plan.portal, { returnUrl: `${APP}/pricing` })).toEqual({
      url: "https://billing.stripe.test/p/session_1",
    });
    expect(fake.callsTo("/v1/billing.open_customer_portal")[0].body).toEqual({
      customer_id: ALICE,
      return_url: `${APP}/pricing`,
    });
  });

  test("refuses a non-http return address, and says so when Autumn can't be reached", async () => {
    const fake = fakeAutumn();
    vi.spyOn(console, "error").mockImplementation(() => {});
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    expect(await errorCodeOf(alice.action(api.billing.plan.portal, { returnUrl: "javascript:x" }))).toBe(
      "INVALID_ARGUMENT",
    );
    fake.state.down = true;
    expect(await errorCodeOf(alice.action(api.billing.plan.portal, { returnUrl: `${APP}/pricing` }))).toBe(
      "BILLING_UNAVAILABLE",
    );
  });
});
