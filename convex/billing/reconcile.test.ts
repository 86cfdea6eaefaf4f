import { Webhook } from "svix";
import { describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { RECONCILE_AFTER_MS } from "../model/billing/checkouts";
import { setupTest, signIn, type TestConvex } from "../test.setup";
import { useFakeAutumn } from "./autumnFake.testing";
import * as autumn from "./autumnFixtures.testing";
import { CHECKOUTS_PER_SWEEP } from "./sync";

/*
 * Pack purchases whose webhook is lost, late or duplicated: the return
 * page's refresh, the checkout schedule and the webhook's own customer check
 * all grant from the customer API by purchase identity, so each purchase is
 * granted exactly once whichever of them see it, in any order or at once.
 */

const SECRET = `whsec_${btoa("helm-webhook-test-secret-32bytes!")}`;
const APP = "http://127.0.0.1:5273";
const urls = { successUrl: `${APP}/billing/return`, cancelUrl: `${APP}/pricing` };
const ALICE = "user_alice";

const autumnTest = useFakeAutumn(Date.parse("2026-03-15T12:00:00Z"), SECRET);

const settle = (t: TestConvex) => t.finishAllScheduledFunctions(() => {});

function deliverPackWebhook(t: TestConvex, id: string) {
  const body = JSON.stringify(autumn.billingUpdated(ALICE, [autumn.packActivated("credits_500")]));
  const sentAt = new Date();
  return t.fetch("/webhooks/autumn", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
      "svix-signature": new Webhook(SECRET).sign(id, sentAt, body),
    },
    body,
  });
}

/** A user who started a pack checkout and paid: Autumn lists the purchase. */
async function paidCheckout() {
  const t = setupTest();
  const alice = await signIn(t, "Alice");
  await alice.action(api.billing.checkout.start, { product: "pack500", ...urls });
  const checkout = new URL(autumnTest.account.callsTo("/v1/billing.attach")[0].body.success_url as string).searchParams.get(
    "checkout",
  )!;
  vi.setSystemTime(Date.now() + 40_000);
  autumnTest.account.state.purchases.push(autumn.apiPurchase("credits_500", Date.now()));
  return { t, alice, checkout };
}

async function purchaseRows(t: TestConvex, userId: Id<"users">) {
  const rows = await t.run((ctx) =>
    ctx.db.query("creditLedger").withIndex("by_userId", (q) => q.eq("userId", userId)).collect(),
  );
  return rows.filter((row) => row.kind === "purchase");
}

describe("a pack whose webhook is lost", () => {
  test("is granted once by the return page's refresh", async () => {
    const { t, alice, checkout } = await paidCheckout();
    expect(await alice.query(api.billing.purchases.status, { checkout })).toMatchObject({ complete: false });
    expect(await alice.action(api.billing.plan.refresh, {})).toEqual({ plan: "free", creditsAdded: 500 });
    expect(await alice.query(api.billing.purchases.status, { checkout })).toMatchObject({
      complete: true,
      creditsAdded: 500,
      balance: { remaining: 600 },
    });
    expect(await alice.action(api.billing.plan.refresh, {})).toEqual({ plan: "free", creditsAdded: 0 });
    expect(await purchaseRows(t, alice.userId)).toHaveLength(1);
  });

  test("is granted once by the schedule when the user never comes back", async () => {
    const { t, alice, checkout } = await paidCheckout();
    vi.setSystemTime(Date.now() + RECONCILE_AFTER_MS[0]);
    expect(await t.mutation(internal.billing.sync.sweepCheckouts, {})).toBe(1);
    await settle(t);
    expect(await alice.query(api.billing.purchases.status, { checkout })).toMatchObject({ complete: true, creditsAdded: 500 });
    // Its later steps find the checkout complete and leave it alone.
    vi.setSystemTime(Date.now() + RECONCILE_AFTER_MS[1]);
    expect(await t.mutation(internal.billing.sync.sweepCheckouts, {})).toBe(0);
    expect(await purchaseRows(t, alice.userId)).toHaveLength(1);
  });
});

describe("a pack seen by both the webhook and a reconcile is granted once", () => {
  test("webhook first, then the return page's refresh", async () => {
    const { t, alice } = await paidCheckout();
    await deliverPackWebhook(t, "msg_1");
    await settle(t);
    await alice.action(api.billing.plan.refresh, {});
    expect((await alice.query(api.credits.balance, {})).purchased).toBe(500);
    expect(await purchaseRows(t, alice.userId)).toHaveLength(1);
  });

  test("refresh first, then the late webhook", async () => {
    const { t, alice } = await paidCheckout();
    await alice.action(api.billing.plan.refresh, {});
    await deliverPackWebhook(t, "msg_1");
    await settle(t);
    expect((await alice.query(api.credits.balance, {})).purchased).toBe(500);
    expect(await purchaseRows(t, alice.userId)).toHaveLength(1);
  });

  test("all at once: two webhook deliveries, two refreshes and the schedule", async () => {
    const { t, alice } = await paidCheckout();
    vi.setSystemTime(Date.now() + RECONCILE_AFTER_MS[0]);
    await Promise.all([
      deliverPackWebhook(t, "msg_1"),
      deliverPackWebhook(t, "msg_1"),
      alice.action(api.billing.plan.refresh, {}),
      alice.action(api.billing.plan.refresh, {}),
      t.mutation(internal.billing.sync.sweepCheckouts, {}),
    ]);
    await settle(t);
    const balance = await alice.query(api.credits.balance, {});
    expect(balance).toMatchObject({ purchased: 500, remaining: 600 });
    const rows = await purchaseRows(t, alice.userId);
    expect(rows).toHaveLength(1);
    const ledger = await t.run((ctx) =>
      ctx.db.query("creditLedger").withIndex("by_userId", (q) => q.eq("userId", alice.userId)).collect(),
    );
    expect(ledger.reduce((sum, row) => sum + row.amount, 0)).toBe(600);
  });
});

test("two purchases of the same pack in the same millisecond are two purchases", async () => {
  const { t, alice } = await paidCheckout();
  autumnTest.account.state.purchases.push(autumn.apiPurchase("credits_500", Date.now()));
  await alice.action(api.billing.plan.refresh, {});
  await alice.action(api.billing.plan.refresh, {});
  expect((await alice.query(api.credits.balance, {})).purchased).toBe(1000);
  expect(await purchaseRows(t, alice.userId)).toHaveLength(2);
});

test("when Autumn can't be reached, the webhook is still acknowledged and the check is retried later", async () => {
  const { t, alice } = await paidCheckout();
  autumnTest.account.state.down = true;
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  expect((await deliverPackWebhook(t, "msg_1")).status).toBe(200);
  await t.finishInProgressScheduledFunctions();
  await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringContaining("retrying in 30s"), expect.anything()));
  const retries = await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
  expect(retries.filter((job) => job.state.kind === "pending" && job.name.includes("sync"))).toHaveLength(1);
  expect((await alice.query(api.credits.balance, {})).purchased).toBe(0);
});

test("the schedule reconciles at most a bounded batch per run and gives abandoned checkouts up", async () => {
  const t = setupTest();
  const users = await Promise.all(Array.from({ length: CHECKOUTS_PER_SWEEP + 5 }, (_, i) => signIn(t, `User${i}`)));
  for (const user of users) await user.action(api.billing.checkout.start, { product: "pack500", ...urls });
  const start = Date.now();
  vi.setSystemTime(start + RECONCILE_AFTER_MS[0]);
  expect(await t.mutation(internal.billing.sync.sweepCheckouts, {})).toBe(CHECKOUTS_PER_SWEEP);
  expect(await t.mutation(internal.billing.sync.sweepCheckouts, {})).toBe(5);
  await settle(t);
  // Nobody paid: after the last look (a day on) every checkout is given up.
  vi.setSystemTime(start + 2 * 24 * 60 * 60 * 1000);
  for (let i = 0; i < 10; i++) await t.mutation(internal.billing.sync.sweepCheckouts, {});
  vi.setSystemTime(Date.now() + 2 * 60 * 60 * 1000);
  for (let i = 0; i < 3; i++) await t.mutation(internal.billing.sync.sweepCheckouts, {});
  const open = await t.run((ctx) => ctx.db.query("checkouts").collect());
  expect(open.every((row) => row.status === "expired")).toBe(true);
});
