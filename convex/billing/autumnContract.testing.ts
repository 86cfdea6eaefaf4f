import { z } from "zod";

/*
 * Autumn's wire shapes, strict: an object with a field Autumn doesn't send
 * fails. Tests hold the fixtures (autumnFixtures.testing.ts) and everything
 * the offline stand-in for Autumn sends (offline/autumn/) to these, so
 * neither can invent a field. Each schema names the useautumn/autumn file it
 * mirrors; only fields Helm never reads are loosened (plan_change's
 * contents, balances, flags).
 */

const timestamp = z.number().nullable();

/** shared/api/billing/common/customerPlanChange.ts — SubscriptionSnapshotSchema */
export const subscriptionSnapshot = z.strictObject({
  plan_id: z.string(),
  status: z.enum(["active", "scheduled", "expired"]),
  past_due: z.boolean(),
  started_at: timestamp,
  canceled_at: timestamp,
  expires_at: timestamp,
  trial_ends_at: timestamp,
  current_period_start: timestamp,
  current_period_end: timestamp,
});

/** shared/api/billing/common/customerPlanChange.ts — PurchaseSnapshotSchema */
export const purchaseSnapshot = z.strictObject({
  plan_id: z.string(),
  status: z.enum(["active", "scheduled", "expired"]),
  expires_at: timestamp,
});

/** shared/api/billing/common/customerPlanChange.ts — CustomerPlanChangeSchema */
export const customerPlanChange = z
  .strictObject({
    action: z.enum(["activated", "scheduled", "updated", "expired"]),
    subscription: subscriptionSnapshot.optional(),
    purchase: purchaseSnapshot.optional(),
    previous_attributes: z
      .strictObject({
        status: z.enum(["active", "scheduled", "expired"]).optional(),
        past_due: z.boolean().optional(),
        canceled_at: timestamp.optional(),
        expires_at: timestamp.optional(),
        trial_ends_at: timestamp.optional(),
      })
      .nullable(),
    plan_change: z.record(z.string(), z.unknown()).optional(),
    item_changes: z.array(z.unknown()),
  })
  .refine((change) => (change.subscription === undefined) !== (change.purchase === undefined), {
    message: "exactly one of subscription and purchase (toCustomerPlanSnapshot.ts)",
  });

/**
 * The Svix payload: server/src/external/svix/svixHelpers.ts sendSvixEvent
 * wraps `{type, data}`; data is shared/api/billing/common/
 * billingChangeResponse.ts BillingChangeResponseSchema, whose `entity_id` is
 * left out unless the change is scoped to an entity (buildBillingChangeResponse.ts).
 */
export const billingUpdatedPayload = z.strictObject({
  type: z.literal("billing.updated"),
  data: z.strictObject({
    object: z.literal("billing.updated"),
    customer_id: z.string(),
    entity_id: z.string().nullable().optional(),
    plan_changes: z.array(customerPlanChange).min(1),
    tags: z.array(z.string()),
  }),
});

/** shared/api/customers/cusPlans/apiSubscriptionV1.ts — ApiSubscriptionV1Schema */
export const apiSubscription = z.strictObject({
  id: z.string(),
  plan: z.unknown().optional(),
  plan_id: z.string(),
  auto_enable: z.boolean(),
  add_on: z.boolean(),
  status: z.enum(["active", "scheduled"]),
  past_due: z.boolean(),
  canceled_at: timestamp,
  expires_at: timestamp,
  trial_ends_at: timestamp,
  started_at: z.number(),
  current_period_start: timestamp,
  current_period_end: timestamp,
  quantity: z.number(),
  scope: z.enum(["customer", "entity"]).optional(),
});

/** shared/api/customers/cusPlans/apiSubscriptionV1.ts — ApiPurchaseV0Schema (no id: mappers/apiSubscriptionV1ToPurchaseV0.ts drops it) */
export const apiPurchase = z.strictObject({
  plan: z.unknown().optional(),
  plan_id: z.string(),
  expires_at: timestamp,
  started_at: z.number(),
  quantity: z.number(),
  scope: z.enum(["customer", "entity"]).optional(),
});

/** shared/api/customers/baseApiCustomer.ts + apiCustomerV5.ts — what `customers.get` answers */
export const apiCustomer = z.strictObject({
  id: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  created_at: z.number(),
  fingerprint: z.string().nullable(),
  stripe_id: z.string().nullable(),
  env: z.enum(["sandbox", "live"]),
  metadata: z.record(z.string(), z.unknown()),
  send_email_receipts: z.boolean(),
  billing_controls: z.record(z.string(), z.unknown()),
  subscriptions: z.array(apiSubscription),
  purchases: z.array(apiPurchase),
  licenses: z.array(z.unknown()),
  balances: z.record(z.string(), z.unknown()),
  flags: z.record(z.string(), z.unknown()),
  config: z.record(z.string(), z.unknown()).optional(),
  processors: z.record(z.string(), z.unknown()).optional(),
});

/** shared/api/billing/common/billingResponse.ts — BillingResponseSchema (what `billing.attach` answers) */
export const attachResponse = z.strictObject({
  customer_id: z.string(),
  entity_id: z.string().optional(),
  invoice: z
    .strictObject({
      status: z.string().nullable(),
      stripe_id: z.string(),
      total: z.number(),
      currency: z.string(),
      hosted_invoice_url: z.string().nullable(),
    })
    .optional(),
  payment_url: z.string().nullable(),
  required_action: z
    .strictObject({
      code: z.enum(["3ds_required", "payment_method_required", "payment_failed", "payment_processing"]),
      reason: z.string(),
    })
    .optional(),
});

/** server/src/internal/customers/handlers/handleBillingPortal/handleOpenCustomerPortalV2.ts */
export const customerPortalResponse = z.strictObject({
  customer_id: z.string().nullable(),
  url: z.string(),
});
