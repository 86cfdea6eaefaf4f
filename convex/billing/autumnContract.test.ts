import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { autumnAttach, autumnCustomer, autumnCustomerPortal } from "../model/billing/autumn";
import { parseAutumnEvent } from "../model/billing/webhook";
import * as contract from "./autumnContract.testing";
import { fakeAutumn } from "./autumnFake.testing";
import * as autumn from "./autumnFixtures.testing";

/*
 * Contract tests: every Autumn message Helm parses, as a fixture held to
 * Autumn's own schema (strict: no invented field passes), then read the way
 * Helm reads it — the webhook through Helm's parser, the API answers through
 * the real autumn-js client and Helm's wrappers.
 */

const T0 = Date.parse("2026-03-15T12:00:00Z");
const ALICE = "user_alice";

beforeEach(() => vi.stubEnv("AUTUMN_SECRET_KEY", "am_sk_test_helm"));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe("billing.updated fixtures", () => {
  const cases = {
    "a pack bought": [autumn.packActivated("credits_500")],
    "Pro activated": [autumn.proActivated(T0)],
    "Pro scheduled": [autumn.proScheduled(T0 + autumn.MONTH)],
    "a scheduled Pro updated": [autumn.proUpdatedScheduled(T0 + autumn.MONTH, T0)],
    "Pro cancelled": [autumn.proCanceled(T0, T0 + 1000, T0 + autumn.MONTH)],
    "Pro expired": [autumn.proExpired(T0, T0 + 1000, T0 + autumn.MONTH)],
  };

  test.each(Object.entries(cases))("%s has exactly Autumn's shape", (_label, changes) => {
    expect(() => contract.billingUpdatedPayload.parse(autumn.billingUpdated(ALICE, changes))).not.toThrow();
  });

  test("an invented field fails the contract (quantity or started_at on a purchase)", () => {
    const invented = { ...autumn.packActivated("credits_500") };
    invented.purchase = { ...invented.purchase, ...{ quantity: 1, started_at: T0 } };
    expect(() => contract.billingUpdatedPayload.parse(autumn.billingUpdated(ALICE, [invented]))).toThrow();
  });

  test("Helm reads each one", () => {
    const parse = (changes: unknown[]) => parseAutumnEvent(autumn.billingUpdated(ALICE, changes));
    expect(parse(cases["a pack bought"])).toEqual({
      ok: true,
      event: { kind: "billingUpdated", customerId: ALICE, changes: [{ kind: "pack", productId: "credits_500" }] },
    });
    const pro = { kind: "pro", productId: "pro", currentPeriodEnd: null };
    expect(parse(cases["Pro activated"])).toMatchObject({
      ok: true,
      event: { changes: [{ ...pro, status: "active", canceledAt: null, expiresAt: null }] },
    });
    expect(parse(cases["Pro cancelled"])).toMatchObject({
      ok: true,
      event: { changes: [{ ...pro, status: "active", canceledAt: T0 + 1000, expiresAt: T0 + autumn.MONTH }] },
    });
    expect(parse(cases["Pro expired"])).toMatchObject({ ok: true, event: { changes: [{ ...pro, status: "expired" }] } });
    // `scheduled` is not Pro, whatever the action says.
    for (const label of ["Pro scheduled", "a scheduled Pro updated"] as const) {
      expect(parse(cases[label])).toMatchObject({ ok: true, event: { changes: [{ kind: "ignored", productId: "pro" }] } });
    }
  });
});

describe("customers.get", () => {
  const periodEnd = T0 + autumn.MONTH;
  const body = autumn.apiCustomer(ALICE, {
    subscriptions: [autumn.apiProSubscription({ startedAt: T0, periodEnd })],
    purchases: [autumn.apiPurchase("credits_500", T0 - 5000), autumn.apiPurchase("credits_1000", T0 - 1000, 2)],
  });

  test("the fixture has exactly Autumn's shape", () => {
    expect(() => contract.apiCustomer.parse(body)).not.toThrow();
  });

  test("autumn-js parses it and Helm keeps subscriptions and purchases (plan, start, quantity)", async () => {
    fakeAutumn({ subscriptions: body.subscriptions, purchases: body.purchases });
    expect(await autumnCustomer(ALICE)).toEqual({
      subscriptions: [
        { planId: "pro", status: "active", pastDue: false, canceledAt: null, expiresAt: null, currentPeriodEnd: periodEnd },
      ],
      purchases: [
        { planId: "credits_500", startedAt: T0 - 5000, quantity: 1, expiresAt: null },
        { planId: "credits_1000", startedAt: T0 - 1000, quantity: 2, expiresAt: null },
      ],
    });
  });
});

describe("billing.attach", () => {
  test.each([
    ["a payment page", autumn.attachWithPaymentUrl(ALICE, "https://checkout.stripe.test/c/cs_1"), { kind: "redirect", url: "https://checkout.stripe.test/c/cs_1" }],
    ["a card on file charged", autumn.attachCharged(ALICE), { kind: "charged" }],
    [
      "3-D Secure needed",
      autumn.attachRequiredAction(ALICE, "3ds_required", "This payment requires additional user action."),
      { kind: "actionRequired", code: "3ds_required", reason: "This payment requires additional user action." },
    ],
    [
      "a declined card",
      autumn.attachRequiredAction(ALICE, "payment_failed", "Your card was declined."),
      { kind: "actionRequired", code: "payment_failed", reason: "Your card was declined." },
    ],
  ])("%s: Autumn's shape, read as the right outcome", async (_label, answer, outcome) => {
    expect(() => contract.attachResponse.parse(answer)).not.toThrow();
    fakeAutumn({ subscriptions: [], purchases: [], attach: () => answer });
    expect(
      await autumnAttach({
        customer: { id: ALICE },
        planId: "credits_500",
        successUrl: "http://127.0.0.1:5273/billing/return",
        cancelUrl: "http://127.0.0.1:5273/pricing",
      }),
    ).toEqual(outcome);
  });
});

test("billing.open_customer_portal: Autumn's shape, read as the portal URL", async () => {
  const answer = autumn.customerPortal(ALICE, "https://billing.stripe.test/p/session_1");
  expect(() => contract.customerPortalResponse.parse(answer)).not.toThrow();
  const fake = fakeAutumn();
  expect(await autumnCustomerPortal(ALICE, "http://127.0.0.1:5273/pricing")).toBe(answer.url);
  expect(fake.callsTo("/v1/billing.open_customer_portal")[0].body).toEqual({
    customer_id: ALICE,
    return_url: "http://127.0.0.1:5273/pricing",
  });
});
