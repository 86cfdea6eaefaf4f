import { Webhook } from "svix";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { spend } from "../model/billing/credits";
import { setupTest, signIn, type TestConvex } from "../test.setup";

/*
 * The webhook as Autumn calls it: payloads shaped like Autumn's documented
 * `billing.updated` event, signed with svix's own signing, delivered over
 * HTTP to POST /webhooks/autumn.
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
  JSON.stringify({
    type: "billing.updated",
    data: {
      object: "billing.updated",
      customer_id: customerId,
      entity_id: null,
      plan_changes: planChanges,
      tags: [],
    },
  });

const packPurchase = (planId: string, quantity = 1) => ({
  action: "activated",
  purchase: { plan_id: planId, quantity, started_at: Date.now(), expires_at: null },
  previous_attributes: null,
  item_changes: [],
});

const DAY = 24 * 60 * 60 * 1000;

const proChange = (action: string, subscription: Record<string, unknown> = {}) => ({
  action,
  subscription: {
    plan_id: "pro",
    status: "active",
    past_due: false,
    started_at: Date.now(),
    canceled_at: null,
    expires_at: null,
    trial_ends_at: null,
    current_period_start: Date.now(),
    current_period_end: Date.now() + 30 * DAY,
    ...subscription,
  },
  previous_attributes: null,
  item_changes: [],
});

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

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  at("2026-03-15T12:00:00Z");
  vi.stubEnv("AUTUMN_WEBHOOK_SECRET", SECRET);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("pack purchases", () => {
  test.each([
    ["credits_500", 500],
    ["credits_1000", 1000],
    ["credits_5000", 5000],
  ])("%s grants %i purchased credits, recorded against the event", async (planId, credits) => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const id = newEventId();
    const response = await deliver(t, billingUpdated(ALICE, [packPurchase(planId)]), { id });
    expect(response.status).toBe(200);
    expect(await balanceOf(alice)).toMatchObject({ remaining: 100 + credits, purchased: credits });
    const purchase = (await ledgerOf(t, alice.userId)).filter((row) => row.kind === "purchase");
    expect(purchase).toEqual([
      expect.objectContaining({
        amount: credits,
        balanceAfter: 100 + credits,
        ref: { type: "webhookEvent", id },
      }),
    ]);
    expect(await webhookEvents(t)).toEqual([
      expect.objectContaining({ eventId: id, outcome: "processed", userId: alice.userId, creditsGranted: credits }),
    ]);
  });

  test("a redelivered event grants nothing the second time", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const body = billingUpdated(ALICE, [packPurchase("credits_1000")]);
    const first = await deliver(t, body, { id: "msg_same" });
    const second = await deliver(t, body, { id: "msg_same" });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toMatchObject({ duplicate: true });
    expect((await balanceOf(alice)).remaining).toBe(1100);
    expect((await ledgerOf(t, alice.userId)).filter((r) => r.kind === "purchase")).toHaveLength(1);
    expect(await webhookEvents(t)).toHaveLength(1);
  });

  test("the same event delivered concurrently grants once", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const body = billingUpdated(ALICE, [packPurchase("credits_500")]);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => deliver(t, body, { id: "msg_burst" })),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await balanceOf(alice)).remaining).toBe(600);
    const rows = await ledgerOf(t, alice.userId);
    expect(rows.filter((r) => r.kind === "purchase")).toHaveLength(1);
    expect(rows.reduce((sum, r) => sum + r.amount, 0)).toBe(600);
    expect(await webhookEvents(t)).toHaveLength(1);
  });

  test("a quantity of two packs grants twice the credits", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await deliver(t, billingUpdated(ALICE, [packPurchase("credits_500", 2)]));
    expect((await balanceOf(alice)).purchased).toBe(1000);
  });

  test("an unknown product is acknowledged and grants nothing", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const response = await deliver(t, billingUpdated(ALICE, [packPurchase("credits_999999")]));
    expect(response.status).toBe(200);
    expect(await balanceOf(alice)).toMatchObject({ remaining: 100, purchased: 0, plan: "free" });
    expect(await webhookEvents(t)).toEqual([expect.objectContaining({ outcome: "ignored", creditsGranted: 0 })]);
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
    await deliver(t, billingUpdated(ALICE, [packPurchase("credits_500")]));
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
  test("activation makes credits unlimited; expiry returns to the allowance", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await chat(t, alice.userId, "before-pro");
    await deliver(t, billingUpdated(ALICE, [proChange("activated")]));
    expect(await balanceOf(alice)).toMatchObject({ plan: "pro", unlimited: true });
    const onPro = await chat(t, alice.userId, "on-pro");
    expect(onPro).toMatchObject({ charged: 0, cost: 3 });

    await deliver(
      t,
      billingUpdated(ALICE, [proChange("expired", { status: "expired", expires_at: Date.now() })]),
    );
    expect(await balanceOf(alice)).toMatchObject({ plan: "free", unlimited: false, remaining: 97 });
    expect(await chat(t, alice.userId, "after-pro")).toMatchObject({ charged: 3 });
  });

  test("a renewal (updated) extends Pro to the new period", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await deliver(t, billingUpdated(ALICE, [proChange("activated")]));
    at("2026-04-15T12:00:00Z");
    await deliver(t, billingUpdated(ALICE, [proChange("updated")]));
    at("2026-05-10T12:00:00Z");
    expect(await balanceOf(alice)).toMatchObject({ plan: "pro", unlimited: true });
  });

  test("a subscription past its end is free again without another event", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const canceledEnd = Date.parse("2026-03-20T00:00:00Z");
    await deliver(
      t,
      billingUpdated(ALICE, [proChange("updated", { canceled_at: Date.now(), expires_at: canceledEnd })]),
    );
    expect((await balanceOf(alice)).plan).toBe("pro");
    at("2026-03-20T00:00:01Z");
    expect(await balanceOf(alice)).toMatchObject({ plan: "free", unlimited: false, remaining: 100 });
  });

  test("an event that switches Pro versions (expire + activate) leaves the user on Pro", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await deliver(
      t,
      billingUpdated(ALICE, [proChange("activated"), proChange("expired", { status: "expired" })]),
    );
    expect((await balanceOf(alice)).plan).toBe("pro");
  });

  test("a scheduled Pro plan changes nothing yet", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await deliver(t, billingUpdated(ALICE, [proChange("scheduled", { status: "scheduled" })]));
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
    const response = await deliver(t, billingUpdated(ALICE, [packPurchase("credits_500")]), {
      sentAt: new Date(Date.now() - 4 * 60 * 1000),
    });
    expect(response.status).toBe(200);
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

  test("malformed JSON, correctly signed, is 400", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const response = await deliver(t, '{"type":"billing.updated","data":{"customer_id":');
    expect(response.status).toBe(400);
    await expectNothingWritten(t, alice);
  });

  test.each([
    ["no customer", { type: "billing.updated", data: { plan_changes: [] } }],
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
