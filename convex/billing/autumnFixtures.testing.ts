/*
 * Every Autumn message Helm parses, as Autumn sends it (snake_case JSON on
 * the wire; autumn-js camelCases responses). Each names the useautumn/autumn
 * source it mirrors; autumnContract.testing.ts holds them to Autumn's
 * schemas field for field. Times are parameters so tests can place them.
 */

const DAY = 24 * 60 * 60 * 1000;

/* ------------------------------------------------------ billing.updated */

/**
 * server/src/internal/billing/v2/workflows/sendBillingUpdatedWebhook/
 * sendBillingUpdatedWebhook.ts sends `{type, data}` (svixHelpers.ts), data
 * from buildBillingChangeResponse.ts: no `entity_id` for a customer-level
 * change, `tags` always present.
 */
export const billingUpdated = (customerId: string, planChanges: unknown[]) => ({
  type: "billing.updated",
  data: { object: "billing.updated", customer_id: customerId, plan_changes: planChanges, tags: [] },
});

/**
 * A one-off pack bought: buildCustomerPlanChange.ts with `before: null`
 * ("activated", previous_attributes null, item_changes []), and the purchase
 * snapshot from toCustomerPlanSnapshot.ts — plan_id, status, expires_at
 * only: no quantity, no start time, no id.
 */
export const packActivated = (planId: string) => ({
  action: "activated",
  purchase: { plan_id: planId, status: "active", expires_at: null },
  previous_attributes: null,
  item_changes: [],
});

/**
 * A subscription snapshot (toCustomerPlanSnapshot.ts): the period fields are
 * always null in billing.updated — only the customer API has them.
 */
export const proSnapshot = (
  fields: { status?: "active" | "scheduled" | "expired"; startedAt: number; canceledAt?: number | null; expiresAt?: number | null; planId?: string },
) => ({
  plan_id: fields.planId ?? "pro",
  status: fields.status ?? "active",
  past_due: false,
  started_at: fields.startedAt,
  canceled_at: fields.canceledAt ?? null,
  expires_at: fields.expiresAt ?? null,
  trial_ends_at: null,
  current_period_start: null,
  current_period_end: null,
});

/** Pro bought: "activated" (deriveCustomerPlanChangeAction, before === null, status active). */
export const proActivated = (startedAt: number, planId?: string) => ({
  action: "activated",
  subscription: proSnapshot({ startedAt, planId }),
  previous_attributes: null,
  item_changes: [],
});

/** Pro queued for later (e.g. a downgrade at period end): "scheduled", status scheduled. */
export const proScheduled = (startsAt: number) => ({
  action: "scheduled",
  subscription: proSnapshot({ status: "scheduled", startedAt: startsAt }),
  previous_attributes: null,
  item_changes: [],
});

/**
 * A scheduled Pro changed while still scheduled (here: cancelled before it
 * starts): "updated" with status still scheduled; previous_attributes holds
 * only what changed (buildLifecyclePreviousAttributes.ts). No plan_change:
 * buildPlanChangeCore.ts leaves it out when the plan itself is unchanged.
 */
export const proUpdatedScheduled = (startsAt: number, canceledAt: number) => ({
  action: "updated",
  subscription: proSnapshot({ status: "scheduled", startedAt: startsAt, canceledAt }),
  previous_attributes: { canceled_at: null },
  item_changes: [],
});

/**
 * Pro cancelled at the end of the period: "updated" with canceled_at = now
 * and expires_at = the period end (updateSubscription/compute/cancel/
 * computeCancelUpdates.ts, "cancel_end_of_cycle"), the previous nulls in
 * previous_attributes.
 */
export const proCanceled = (startedAt: number, canceledAt: number, endsAt: number) => ({
  action: "updated",
  subscription: proSnapshot({ startedAt, canceledAt, expiresAt: endsAt }),
  previous_attributes: { canceled_at: null, expires_at: null },
  item_changes: [],
});

/** Pro over: "expired" (status expired), keeping its cancel fields. */
export const proExpired = (startedAt: number, canceledAt: number | null, endedAt: number) => ({
  action: "expired",
  subscription: proSnapshot({ status: "expired", startedAt, canceledAt, expiresAt: endedAt }),
  previous_attributes: { status: "active" },
  item_changes: [],
});

/* -------------------------------------------------------- customers.get */

/**
 * A subscription as customers.get lists it: server/src/internal/customers/
 * cusUtils/apiCusUtils/getApiSubscription/getApiSubscription.ts, with the
 * real billing period (from the Stripe subscription).
 */
export const apiProSubscription = (fields: {
  startedAt: number;
  periodStart?: number;
  periodEnd: number;
  status?: "active" | "scheduled";
  canceledAt?: number | null;
  expiresAt?: number | null;
}) => ({
  id: "cus_prod_pro_1",
  plan_id: "pro",
  auto_enable: false,
  add_on: false,
  status: fields.status ?? "active",
  past_due: false,
  canceled_at: fields.canceledAt ?? null,
  expires_at: fields.expiresAt ?? null,
  trial_ends_at: null,
  started_at: fields.startedAt,
  current_period_start: fields.periodStart ?? fields.startedAt,
  current_period_end: fields.periodEnd,
  quantity: 1,
  scope: "customer",
});

/**
 * A one-off purchase as customers.get lists it: getApiSubscriptions.ts maps
 * one-off customer products through apiSubscriptionV1ToPurchaseV0.ts — plan,
 * times, quantity, scope; no id.
 */
export const apiPurchase = (planId: string, startedAt: number, quantity = 1) => ({
  plan_id: planId,
  expires_at: null,
  started_at: startedAt,
  quantity,
  scope: "customer",
});

/** customers.get's body: shared/api/customers/apiCustomerV5.ts (BaseApiCustomerV5Schema). */
export const apiCustomer = (
  customerId: string,
  lists: { subscriptions?: unknown[]; purchases?: unknown[] } = {},
) => ({
  id: customerId,
  name: "Alice",
  email: "alice@example.com",
  created_at: Date.parse("2026-01-01T00:00:00Z"),
  fingerprint: null,
  stripe_id: "cus_test_helm",
  env: "sandbox",
  metadata: {},
  send_email_receipts: false,
  billing_controls: {},
  subscriptions: lists.subscriptions ?? [],
  purchases: lists.purchases ?? [],
  licenses: [],
  balances: {},
  flags: {},
});

/* ------------------------------------------------------- billing.attach */

/** shared/api/billing/common/billingResponse.ts, built by billingResultToResponse.ts. */
export const attachWithPaymentUrl = (customerId: string, url: string) => ({
  customer_id: customerId,
  payment_url: url,
});

/** A card on file charged at once: no payment step, so no URL. */
export const attachCharged = (customerId: string) => ({ customer_id: customerId, payment_url: null });

/**
 * The charge on the card on file needs the customer: payStripeInvoice.ts /
 * handleInvoicePaymentFailure.ts set `required_action`; with no open hosted
 * invoice there is no payment URL.
 */
export const attachRequiredAction = (
  customerId: string,
  code: "3ds_required" | "payment_method_required" | "payment_failed" | "payment_processing",
  reason: string,
) => ({
  customer_id: customerId,
  payment_url: null,
  required_action: { code, reason },
});

/* ---------------------------------------------- billing.open_customer_portal */

/** handleOpenCustomerPortalV2.ts answers `{customer_id, url}`. */
export const customerPortal = (customerId: string, url: string) => ({ customer_id: customerId, url });

export const MONTH = 30 * DAY;
