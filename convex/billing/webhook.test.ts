import { Webhook } from "svix";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { spend } from "../model/billing/credits";
import { setupTest, signIn, type TestConvex } from "../test.setup";
import { useFakeAutumn } from "./autumnFake.testing";
import * as autumn from "./autumnFixtures.testing";

/*
 * The webhook as Autumn calls it: the `billing.updated` fixtures
 * (autumnFixtures.testing.ts, Autumn's exact shape), signed with svix's own
 * signing, delivered over HTTP to POST /webhooks/autumn. A pack's webhook
 * schedules a customer check; Autumn's customer API (fakeAutumn, answering
 * with the fixtures) is what the purchase is granted from.
 */

const SECRET = `whsec_${btoa("helm-webhook-test-secret-32bytes!")}`;
const OTHER_SECRET = `whsec_${btoa("somebody-else-entirely-32-bytes!")}`;

function at(iso: string) {
  vi.setSystemTime(new Date(iso));
}

let nextId = 0;
const newEventId = () => `msg_test_${++nextId}`;

type Delivery = { id?: string; sentAt?: Date; secret?: string; omit?: string };

function signedRequest(body: string, options: Delivery = {}): RequestInit {
  const id = options.id ?? newEventId();
  const sentAt = options.sentAt ?? new Date();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "svix-id": id,
    "svix-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
    "svix-signature": new Webhook(options.secret ?? SECRET).sign(id, sentAt, body),
  };
  if (options.omit) delete headers[options.omit];
  return { method: "POST", headers, body };
}

async function deliver(t: TestConvex, body: string, options: Delivery = {}) {
  return await t.fetch("/webhooks/autumn", signedRequest(body, options));
}

const billingUpdated = (customerId: string, planChanges: unknown[]) =>
  JSON.stringify(autumn.billingUpdated(customerId, planChanges));
const packPurchase = autumn.packActivated;

const DAY = 24 * 60 * 60 * 1000;

const ALICE = "user_alice";

async function balanceOf(t: Pick<TestConvex, "query">) {
  return await t.query(api.credits.balance, {});
}

async function ledgerOf(t: TestConvex, userId: Id<"users">) {
  return await t.run((ctx) =>
    ctx.db.query("creditLedger").withIndex("by_userId", (q) => q.eq("userId", userId)).collect(),
  );
}

async function webhookEvents(t: TestConvex) {
  return await t.run((ctx) => ctx.db.query("webhookEvents").collect());
}

async function chat(t: TestConvex, userId: Id<"users">, key: string) {
  return await t.run(async (ctx) => {
    const user = (await ctx.db.get("users", userId))!;
    return await spend(ctx, user, "chat", key);
  });
}

/** Runs what the webhook scheduled (the customer check). */
async function settle(t: TestConvex) {
  await t.finishAllScheduledFunctions(() => {});
}

const autumnTest = useFakeAutumn(Date.parse("2026-03-15T12:00:00Z"), SECRET);

/** Autumn records a purchase (what customers.get will list) and returns its webhook body. */
function buy(planId: string, startedAt = Date.now()) {
  autumnTest.account.state.purchases.push(autumn.apiPurchase(planId, startedAt));
  return billingUpdated(ALICE, [packPurchase(planId)]);
}

describe("pack purchases", () => {
  test.each([
    ["credits_500", 500],
    ["credits_1000", 1000],
    ["credits_5000", 5000],
  ])("%s grants %i purchased credits, from the purchase the customer API lists", async (planId, credits) => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const startedAt = Date.now() - 2000;
    const id = newEventId();
    const response = await deliver(t, buy(planId, startedAt), { id });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: "processed", checkScheduled: true, duplicate: false });
    await settle(t);
    expect(autumnTest.account.callsTo("/v1/customers.get")[0].body).toEqual({ customer_id: ALICE });
    expect(await balanceOf(alice)).toMatchObject({ remaining: 100 + credits, purchased: credits });
    const key = `autumn:purchase:${ALICE}:${planId}:${startedAt}:0`;
    expect((await ledgerOf(t, alice.userId)).filter((row) => row.kind === "purchase")).toEqual([
      expect.objectContaining({ amount: credits, balanceAfter: 100 + credits, idempotencyKey: key, ref: { type: "autumnPurchase", id: key } }),
    ]);
    expect(await webhookEvents(t)).toEqual([
      expect.objectContaining({ eventId: id, outcome: "processed", userId: alice.userId }),
    ]);
  });

  test("a redelivered event grants nothing the second time", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const body = buy("credits_1000");
    const first = await deliver(t, body, { id: "msg_same" });
    await settle(t);
    const second = await deliver(t, body, { id: "msg_same" });
    await settle(t);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toMatchObject({ duplicate: true });
    expect((await balanceOf(alice)).remaining).toBe(1100);
    expect((await ledgerOf(t, alice.userId)).filter((r) => r.kind === "purchase")).toHaveLength(1);
    expect(await webhookEvents(t)).toHaveLength(1);
  });

  test("the same event delivered concurrently grants once", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const body = buy("credits_500");
    const responses = await Promise.all(Array.from({ length: 5 }, () => deliver(t, body, { id: "msg_burst" })));
    await settle(t);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await balanceOf(alice)).remaining).toBe(600);
    const rows = await ledgerOf(t, alice.userId);
    expect(rows.filter((r) => r.kind === "purchase")).toHaveLength(1);
    expect(rows.reduce((sum, r) => sum + r.amount, 0)).toBe(600);
  });

  test("buying the same pack twice grants twice: each purchase is its own entry", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await deliver(t, buy("credits_500", Date.now() - 60_000));
    await settle(t);
    await deliver(t, buy("credits_500", Date.now()));
    await settle(t);
    expect((await balanceOf(alice)).purchased).toBe(1000);
  });

  test("a purchase's quantity multiplies the pack", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    autumnTest.account.state.purchases.push(autumn.apiPurchase("credits_500", Date.now(), 2));
    await deliver(t, billingUpdated(ALICE, [packPurchase("credits_500")]));
    await settle(t);
    expect((await balanceOf(alice)).purchased).toBe(1000);
  });

  test("an unknown product is acknowledged and grants nothing", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const response = await deliver(t, buy("credits_999999"));
    await settle(t);
    expect(response.status).toBe(200);
    expect(await balanceOf(alice)).toMatchObject({ remaining: 100, purchased: 0, plan: "free" });
    expect(await webhookEvents(t)).toEqual([expect.objectContaining({ outcome: "ignored" })]);
  });

  test("an unknown customer is recorded, logged and acknowledged", async () => {
    const t = setupTest();
    await signIn(t, "Alice");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const response = await deliver(t, billingUpdated("user_nobody", [packPurchase("credits_500")]), {
      id: "msg_stranger",
    });
    expect(response.status).toBe(200);
    expect(await webhookEvents(t)).toEqual([
      expect.objectContaining({ eventId: "msg_stranger", outcome: "unknown_customer", customerId: "user_nobody" }),
    ]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("unknown customer user_nobody"));
    const purchases = await t.run((ctx) => ctx.db.query("creditLedger").collect());
    expect(purchases.filter((r) => r.kind === "purchase")).toHaveLength(0);
  });

  test("purchased credits survive the monthly reset; the allowance refills", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await deliver(t, buy("credits_500"));
    await settle(t);
    // 35 chats = 105 credits: the whole allowance and 5 purchased credits.
    for (let i = 0; i < 35; i++) await chat(t, alice.userId, `chat-${i}`);
    expect(await balanceOf(alice)).toMatchObject({ allowance: 0, purchased: 495, remaining: 495 });

    at("2026-04-01T00:00:01Z");
    await chat(t, alice.userId, "april-1");
    expect(await balanceOf(alice)).toMatchObject({ allowance: 97, purchased: 495, remaining: 592 });
    const rows = await ledgerOf(t, alice.userId);
    expect(rows.reduce((sum, r) => sum + r.amount, 0)).toBe(592);
  });
});

describe("Pro", () => {
  const start = () => Date.parse("2026-03-15T12:00:00Z");

  test("activation makes credits unlimited at once, and the scheduled check reads the real renewal date", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await chat(t, alice.userId, "before-pro");
    const periodEnd = start() + autumn.MONTH;
    autumnTest.account.state.subscriptions = [autumn.apiProSubscription({ startedAt: start(), periodEnd })];
    const response = await deliver(t, billingUpdated(ALICE, [autumn.proActivated(start())]));
    expect(await response.json()).toMatchObject({ checkScheduled: true });
    expect(await balanceOf(alice)).toMatchObject({ plan: "pro", unlimited: true, pro: {} });
    expect(await chat(t, alice.userId, "on-pro")).toMatchObject({ charged: 0, cost: 3 });
    await settle(t);
    expect(await balanceOf(alice)).toMatchObject({ plan: "pro", pro: { renewsAt: periodEnd } });
  });

  test("expired returns to the allowance", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await deliver(t, billingUpdated(ALICE, [autumn.proActivated(start())]));
    await chat(t, alice.userId, "on-pro");
    await deliver(t, billingUpdated(ALICE, [autumn.proExpired(start(), null, Date.now())]));
    expect(await balanceOf(alice)).toMatchObject({ plan: "free", unlimited: false, remaining: 100 });
    expect(await chat(t, alice.userId, "after-pro")).toMatchObject({ charged: 3 });
  });

  test("cancelled: Pro until exactly its expires_at, shown as the end date, without another event", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await deliver(t, billingUpdated(ALICE, [autumn.proActivated(start())]));
    const endsAt = Date.parse("2026-03-20T00:00:00Z");
    await deliver(t, billingUpdated(ALICE, [autumn.proCanceled(start(), Date.now(), endsAt)]));
    expect(await balanceOf(alice)).toMatchObject({ plan: "pro", pro: { endsAt } });
    at("2026-03-19T23:59:59Z");
    expect((await balanceOf(alice)).plan).toBe("pro");
    at("2026-03-20T00:00:01Z");
    expect(await balanceOf(alice)).toMatchObject({ plan: "free", unlimited: false, remaining: 100 });
  });

  test("an event that switches Pro versions (expire + activate) leaves the user on Pro", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await deliver(
      t,
      billingUpdated(ALICE, [autumn.proActivated(start()), autumn.proExpired(start() - DAY, null, Date.now())]),
    );
    expect((await balanceOf(alice)).plan).toBe("pro");
  });

  test.each([
    ["`scheduled`", () => autumn.proScheduled(start() + autumn.MONTH)],
    ["`updated` while still scheduled", () => autumn.proUpdatedScheduled(start() + autumn.MONTH, Date.now())],
  ])("Pro %s is not Pro", async (_label, change) => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await deliver(t, billingUpdated(ALICE, [change()]));
    expect((await balanceOf(alice)).plan).toBe("free");
    expect(await webhookEvents(t)).toEqual([expect.objectContaining({ outcome: "ignored" })]);
  });
});

describe("rejected deliveries write nothing", () => {
  // Each rejection logs why; keep the expected lines out of the test output.
  beforeEach(() => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });

  async function expectNothingWritten(t: TestConvex, alice: Pick<TestConvex, "query">) {
    expect(await webhookEvents(t)).toEqual([]);
    expect(await balanceOf(alice)).toMatchObject({ remaining: 100, purchased: 0, plan: "free" });
  }

  test("a forged signature is 401", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const response = await deliver(t, billingUpdated(ALICE, [packPurchase("credits_5000")]), {
      secret: OTHER_SECRET,
    });
    expect(response.status).toBe(401);
    await expectNothingWritten(t, alice);
  });

  test("a body changed after signing is 401", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const init = signedRequest(billingUpdated(ALICE, [packPurchase("credits_500")]));
    const tampered = { ...init, body: billingUpdated(ALICE, [packPurchase("credits_5000")]) };
    expect((await t.fetch("/webhooks/autumn", tampered)).status).toBe(401);
    await expectNothingWritten(t, alice);
  });

  test.each([
    ["six minutes old", -6 * 60 * 1000],
    ["six minutes in the future", 6 * 60 * 1000],
  ])("a timestamp %s is 401", async (_label, offset) => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const response = await deliver(t, billingUpdated(ALICE, [packPurchase("credits_500")]), {
      sentAt: new Date(Date.now() + offset),
    });
    expect(response.status).toBe(401);
    await expectNothingWritten(t, alice);
  });

  test("a timestamp four minutes old is still accepted", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const response = await deliver(t, buy("credits_500"), { sentAt: new Date(Date.now() - 4 * 60 * 1000) });
    expect(response.status).toBe(200);
    await settle(t);
    expect((await balanceOf(alice)).purchased).toBe(500);
  });

  test.each(["svix-id", "svix-timestamp", "svix-signature"])("a missing %s header is 401", async (header) => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const response = await deliver(t, billingUpdated(ALICE, [packPurchase("credits_500")]), {
      omit: header,
    });
    expect(response.status).toBe(401);
    await expectNothingWritten(t, alice);
  });

  // 4xx is retried by Svix like any non-2xx: that is what a body Helm can't
  // read yet should get (a fix deployed within a day still applies it).
  test("malformed JSON, correctly signed, is 400", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const response = await deliver(t, '{"type":"billing.updated","data":{"customer_id":');
    expect(response.status).toBe(400);
    await expectNothingWritten(t, alice);
  });

  test.each([
    ["no customer", { type: "billing.updated", data: { plan_changes: [] } }],
    ["a subscription without its status", { type: "billing.updated", data: { customer_id: ALICE, plan_changes: [{ action: "activated", subscription: { plan_id: "pro", canceled_at: null, expires_at: null } }] } }],
    ["plan_changes not a list", { type: "billing.updated", data: { customer_id: ALICE, plan_changes: {} } }],
    ["no type", { data: {} }],
    ["a purchase without a plan id", { type: "billing.updated", data: { customer_id: ALICE, plan_changes: [{ action: "activated", purchase: {} }] } }],
  ])("an unknown shape (%s) is 400", async (_label, payload) => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const response = await deliver(t, JSON.stringify(payload));
    expect(response.status).toBe(400);
    await expectNothingWritten(t, alice);
  });

  test("without a configured secret the webhook answers 503 so Autumn retries later", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    vi.stubEnv("AUTUMN_WEBHOOK_SECRET", "");
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await deliver(t, billingUpdated(ALICE, [packPurchase("credits_500")]));
    expect(response.status).toBe(503);
    await expectNothingWritten(t, alice);
  });
});

test("other event types are acknowledged and ignored", async () => {
  const t = setupTest();
  const alice = await signIn(t, "Alice");
  const response = await deliver(
    t,
    JSON.stringify({ type: "balances.limit_reached", data: { customer_id: ALICE, feature_id: "x" } }),
  );
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ received: true, ignored: "balances.limit_reached" });
  expect(await webhookEvents(t)).toEqual([]);
  expect((await balanceOf(alice)).remaining).toBe(100);
});
