/*
 * The JSON the offline stand-in for Autumn sends, built the way Autumn builds
 * it (each function names its useautumn/autumn source). Tests hold every
 * output to convex/billing/autumnContract.testing.ts, so nothing here can
 * carry a field Autumn doesn't send.
 */

export type Card = "4242" | "3184" | "0341";

/** A customer product: one plan on one customer (Autumn's `customer_products` row, the parts used here). */
export type CusProduct = {
  id: string;
  planId: string;
  oneOff: boolean;
  status: "active" | "scheduled" | "expired";
  startedAt: number;
  canceledAt: number | null;
  endedAt: number | null;
  /** The Stripe subscription's billing period; null for one-off purchases. */
  periodStart: number | null;
  periodEnd: number | null;
  quantity: number;
};

export type TestCustomer = {
  id: string;
  name: string | null;
  email: string | null;
  createdAt: number;
  /** The test card Stripe keeps on file after a paid checkout (or set in the portal). */
  card: Card | null;
  products: CusProduct[];
};

/** getApiSubscription.ts: what customers.get lists for one customer product. */
function apiSubscription(p: CusProduct) {
  return {
    id: p.id,
    plan_id: p.planId,
    auto_enable: false,
    add_on: false,
    status: p.status === "scheduled" ? "scheduled" : "active",
    past_due: false,
    canceled_at: p.canceledAt,
    expires_at: p.endedAt,
    trial_ends_at: null,
    started_at: p.startedAt,
    current_period_start: p.periodStart,
    current_period_end: p.periodEnd,
    quantity: p.quantity,
    scope: "customer",
  };
}

/** apiSubscriptionV1ToPurchaseV0.ts: a one-off customer product as a purchase (no id). */
function apiPurchase(p: CusProduct) {
  return {
    plan_id: p.planId,
    expires_at: p.endedAt,
    started_at: p.startedAt,
    quantity: p.quantity,
    scope: "customer",
  };
}

/**
 * customers.get / customers.get_or_create (apiCustomerV5.ts). Only live
 * customer products are listed: expired ones are gone from both lists.
 */
export function customerJson(customer: TestCustomer) {
  const live = customer.products.filter((p) => p.status !== "expired");
  return {
    id: customer.id,
    name: customer.name,
    email: customer.email,
    created_at: customer.createdAt,
    fingerprint: null,
    stripe_id: `cus_test_${customer.id}`,
    env: "sandbox",
    metadata: {},
    send_email_receipts: false,
    billing_controls: {},
    subscriptions: live.filter((p) => !p.oneOff).map(apiSubscription),
    purchases: live.filter((p) => p.oneOff).map(apiPurchase),
    licenses: [],
    balances: {},
    flags: {},
  };
}

/** toCustomerPlanSnapshot.ts: the period fields are always null in the event. */
function snapshot(p: CusProduct) {
  if (p.oneOff) return { purchase: { plan_id: p.planId, status: p.status, expires_at: p.endedAt } };
  return {
    subscription: {
      plan_id: p.planId,
      status: p.status,
      past_due: false,
      started_at: p.startedAt,
      canceled_at: p.canceledAt,
      expires_at: p.endedAt,
      trial_ends_at: null,
      current_period_start: null,
      current_period_end: null,
    },
  };
}

/** buildLifecyclePreviousAttributes.ts: the changed lifecycle fields, holding their old values. */
function previousAttributes(before: CusProduct, after: CusProduct) {
  const previous: Record<string, unknown> = {};
  if (before.status !== after.status) previous.status = before.status;
  if (before.canceledAt !== after.canceledAt) previous.canceled_at = before.canceledAt;
  if (before.endedAt !== after.endedAt) previous.expires_at = before.endedAt;
  return Object.keys(previous).length > 0 ? previous : null;
}

/**
 * buildCustomerPlanChange.ts and deriveCustomerPlanChangeAction: one customer
 * product's before/after as a plan change. Only lifecycle changes happen
 * here, so there is never a `plan_change` (buildPlanChangeCore.ts leaves it
 * out when the plan is unchanged).
 */
export function planChange(before: CusProduct | null, after: CusProduct) {
  const action =
    before === null
      ? after.status === "scheduled"
        ? "scheduled"
        : "activated"
      : after.status === "expired"
        ? "expired"
        : before.status !== "active" && after.status === "active"
          ? "activated"
          : "updated";
  return {
    action,
    ...snapshot(after),
    previous_attributes: before === null ? null : previousAttributes(before, after),
    item_changes: [],
  };
}

/** sendBillingUpdatedWebhook.ts → svixHelpers.ts sendSvixEvent: the Svix payload. */
export function billingUpdatedPayload(customerId: string, planChanges: ReturnType<typeof planChange>[]) {
  return {
    type: "billing.updated",
    data: { object: "billing.updated", customer_id: customerId, plan_changes: planChanges, tags: [] },
  };
}

/** What Stripe says for each test card when it is charged off-session (payStripeInvoice.ts). */
export const CARD_OUTCOMES: Record<Card, { code: "3ds_required" | "payment_failed"; reason: string } | null> = {
  "4242": null,
  "3184": { code: "3ds_required", reason: "This payment requires additional user action before it can be completed successfully." },
  "0341": { code: "payment_failed", reason: "Your card was declined." },
};
