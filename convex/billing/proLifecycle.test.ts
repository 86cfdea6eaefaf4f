import { Webhook } from "svix";
import { describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import { spend } from "../model/billing/credits";
import { PRO_CHECK_MAX_AGE_MS } from "../model/billing/proCheck";
import { PRO_RENEWAL_GRACE_MS, PROVISIONAL_PRO_MS } from "../model/billing/proStatus";
import { setupTest, signIn, type TestConvex } from "../test.setup";
import { useFakeAutumn } from "./autumnFake.testing";
import * as autumn from "./autumnFixtures.testing";
import { PRO_CHECKS_PER_SWEEP } from "./sync";

/*
 * Pro over its whole life when Autumn's events can be lost: only an active
 * subscription is Pro, access always has an end taken from the customer
 * API (billing.updated carries no period), and Pro users are re-checked on
 * a schedule and when a paid action finds their last check old.
 */

const SECRET = `whsec_${btoa("helm-webhook-test-secret-32bytes!")}`;
const ALICE = "user_alice";
const T0 = Date.parse("2026-03-15T12:00:00Z");
const PERIOD_END = T0 + autumn.MONTH;

const autumnTest = useFakeAutumn(T0, SECRET);

const at = (ms: number) => vi.setSystemTime(ms);
const settle = (t: TestConvex) => t.finishAllScheduledFunctions(() => {});

let nextId = 0;
async function deliver(t: TestConvex, changes: unknown[]) {
  const id = `msg_pro_${++nextId}`;
  const body = JSON.stringify(autumn.billingUpdated(ALICE, changes));
  const sentAt = new Date();
  const response = await t.fetch("/webhooks/autumn", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
      "svix-signature": new Webhook(SECRET).sign(id, sentAt, body),
    },
    body,
  });
  expect(response.status).toBe(200);
  await settle(t);
}

/** Alice subscribes: Autumn lists the subscription and sends `activated`. */
async function subscribed() {
  const t = setupTest();
  const alice = await signIn(t, "Alice");
  autumnTest.account.state.subscriptions = [autumn.apiProSubscription({ startedAt: T0, periodEnd: PERIOD_END })];
  await deliver(t, [autumn.proActivated(T0)]);
  return { t, alice };
}

const planOf = async (alice: Awaited<ReturnType<typeof subscribed>>["alice"]) =>
  (await alice.query(api.credits.balance, {})).plan;

describe("a lost `expired` event", () => {
  test("a subscription that stops renewing ends a grace period after its last period, with no event at all", async () => {
    const { alice } = await subscribed();
    expect(await alice.query(api.credits.balance, {})).toMatchObject({ plan: "pro", pro: { renewsAt: PERIOD_END } });
    // Autumn expires it at the period end; that webhook never arrives, and nothing else runs.
    autumnTest.account.state.subscriptions = [];
    at(PERIOD_END + PRO_RENEWAL_GRACE_MS - 1000);
    expect(await planOf(alice)).toBe("pro");
    at(PERIOD_END + PRO_RENEWAL_GRACE_MS + 1000);
    expect(await alice.query(api.credits.balance, {})).toMatchObject({ plan: "free", unlimited: false });
  });

  test("the scheduled re-check ends Pro as soon as Autumn no longer lists it", async () => {
    const { t, alice } = await subscribed();
    autumnTest.account.state.subscriptions = [];
    at(T0 + PRO_CHECK_MAX_AGE_MS + 1000);
    expect(await t.mutation(internal.billing.sync.sweepProChecks, {})).toBe(1);
    await settle(t);
    expect(await planOf(alice)).toBe("free");
  });

  test("with Autumn's API never reachable, webhook-only Pro still ends (never open-ended)", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    autumnTest.account.state.down = true;
    vi.spyOn(console, "warn").mockImplementation(() => {});
    await deliver(t, [autumn.proActivated(T0)]);
    expect(await alice.query(api.credits.balance, {})).toMatchObject({ plan: "pro", pro: {} });
    at(T0 + PROVISIONAL_PRO_MS + 1000);
    expect(await planOf(alice)).toBe("free");
  });
});

test("cancelled in the portal: 'ends on' its expires_at, Pro until exactly then, then free without `expired`", async () => {
  const { t, alice } = await subscribed();
  autumnTest.account.state.subscriptions = [
    autumn.apiProSubscription({ startedAt: T0, periodEnd: PERIOD_END, canceledAt: T0 + 1000, expiresAt: PERIOD_END }),
  ];
  await deliver(t, [autumn.proCanceled(T0, T0 + 1000, PERIOD_END)]);
  expect(await alice.query(api.credits.balance, {})).toMatchObject({ plan: "pro", pro: { endsAt: PERIOD_END } });
  at(PERIOD_END - 1000);
  expect(await planOf(alice)).toBe("pro");
  at(PERIOD_END + 1000);
  expect(await planOf(alice)).toBe("free");
});

test("a renewal Helm hears nothing about is found by the re-check and extends Pro", async () => {
  const { t, alice } = await subscribed();
  const nextEnd = PERIOD_END + autumn.MONTH;
  autumnTest.account.state.subscriptions = [
    autumn.apiProSubscription({ startedAt: T0, periodStart: PERIOD_END, periodEnd: nextEnd }),
  ];
  at(PERIOD_END + 60_000);
  await t.mutation(internal.billing.sync.sweepProChecks, {});
  await settle(t);
  at(PERIOD_END + PRO_RENEWAL_GRACE_MS + 60_000);
  expect(await alice.query(api.credits.balance, {})).toMatchObject({ plan: "pro", pro: { renewsAt: nextEnd } });
});

test.each([
  ["scheduled", { status: "scheduled" as const }],
  ["past its end", { expiresAt: T0 - 1000, canceledAt: T0 - 5000 }],
])("a %s subscription in the customer API is not Pro", async (_label, fields) => {
  const t = setupTest();
  const alice = await signIn(t, "Alice");
  autumnTest.account.state.subscriptions = [autumn.apiProSubscription({ startedAt: T0, periodEnd: PERIOD_END, ...fields })];
  expect(await alice.action(api.billing.plan.refresh, {})).toMatchObject({ plan: "free" });
});

test("a paid action by a Pro user whose last check is old schedules exactly one check", async () => {
  const { t, alice } = await subscribed();
  at(T0 + PRO_CHECK_MAX_AGE_MS + 1000);
  for (const key of ["a", "b", "c"]) {
    await t.run(async (ctx) => spend(ctx, (await ctx.db.get("users", alice.userId))!, "chat", key));
  }
  const jobs = await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
  const checks = jobs.filter((job) => job.name.includes("sync") && job.scheduledTime > T0 + PRO_CHECK_MAX_AGE_MS);
  expect(checks).toHaveLength(1);
  autumnTest.account.state.subscriptions = [];
  await settle(t);
  expect(await planOf(alice)).toBe("free");
});

test("the re-check sweep is bounded and staggered", async () => {
  const t = setupTest();
  const users = await Promise.all(Array.from({ length: PRO_CHECKS_PER_SWEEP + 10 }, (_, i) => signIn(t, `Pro${i}`)));
  await t.run(async (ctx) => {
    for (const user of users) {
      const usage = (await ctx.db.query("userUsage").withIndex("by_userId", (q) => q.eq("userId", user.userId)).unique())!;
      await ctx.db.patch("userUsage", usage._id, { plan: "pro", proCurrentPeriodEnd: PERIOD_END });
    }
  });
  expect(await t.mutation(internal.billing.sync.sweepProChecks, {})).toBe(PRO_CHECKS_PER_SWEEP);
  const times = (await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect()))
    .map((job) => job.scheduledTime)
    .sort((a, b) => a - b);
  expect(times).toHaveLength(PRO_CHECKS_PER_SWEEP);
  expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual((PRO_CHECKS_PER_SWEEP - 1) * 1000);
  // The next sweep takes the ones not yet scheduled.
  expect(await t.mutation(internal.billing.sync.sweepProChecks, {})).toBe(10);
});
