import { Webhook, WebhookVerificationError } from "svix";
import { v, type Infer } from "convex/values";
import { z } from "zod";
import { productByAutumnId } from "./catalogue";

/*
 * Autumn webhooks, before anything touches the database: Svix signature
 * verification on the raw body, zod parsing, and reduction of a
 * `billing.updated` event to the few changes Helm acts on.
 */

export const BILLING_UPDATED = "billing.updated";

/**
 * What one `billing.updated` plan change means for Helm. A pack is only a
 * doorbell (its identity comes from the customer API, purchases.ts); a Pro
 * change keeps the subscription's lifecycle facts, read at apply time.
 */
export const billingChangeValidator = v.union(
  v.object({ kind: v.literal("pack"), productId: v.string() }),
  v.object({
    kind: v.literal("pro"),
    productId: v.string(),
    status: v.string(),
    canceledAt: v.union(v.number(), v.null()),
    expiresAt: v.union(v.number(), v.null()),
    currentPeriodEnd: v.union(v.number(), v.null()),
  }),
  v.object({ kind: v.literal("ignored"), productId: v.string(), reason: v.string() }),
);
export type BillingChange = Infer<typeof billingChangeValidator>;

export type VerifyResult =
  | { ok: true; eventId: string; body: unknown }
  | { ok: false; status: 400 | 401; error: string };

/**
 * Checks the `svix-*` headers against the raw body (Svix allows 5 minutes of
 * clock skew either way) and only then parses the JSON. A body that is signed
 * correctly but isn't JSON is a 400, not a 401.
 */
export function verifyAutumnSignature(
  secret: string,
  rawBody: string,
  headers: Headers,
): VerifyResult {
  const svixHeaders = {
    "svix-id": headers.get("svix-id") ?? "",
    "svix-timestamp": headers.get("svix-timestamp") ?? "",
    "svix-signature": headers.get("svix-signature") ?? "",
  };
  if (!svixHeaders["svix-id"] || !svixHeaders["svix-timestamp"] || !svixHeaders["svix-signature"]) {
    return { ok: false, status: 401, error: "missing signature headers" };
  }
  try {
    const body = new Webhook(secret).verify(rawBody, svixHeaders);
    return { ok: true, eventId: svixHeaders["svix-id"], body };
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      return { ok: false, status: 401, error: error.message };
    }
    if (error instanceof SyntaxError) {
      return { ok: false, status: 400, error: "body is not JSON" };
    }
    throw error;
  }
}

/*
 * The shapes below follow Autumn's own schema for the event
 * (useautumn/autumn shared/api/billing/common/customerPlanChange.ts and
 * billingChangeResponse.ts, built by server/src/internal/billing/v2/actions/
 * buildBillingChanges/buildCustomerPlanChanges/toCustomerPlanSnapshot.ts).
 * What Helm reads is required; what it doesn't read may be absent, so an
 * additive change on Autumn's side never fails a delivery. Statuses and
 * actions stay strings for the same reason and are interpreted below.
 */
const timestamp = z.number().nullable();

const subscriptionSchema = z.object({
  plan_id: z.string().min(1),
  status: z.string(),
  canceled_at: timestamp,
  expires_at: timestamp,
  // Always null in billing.updated today; read in case that changes.
  current_period_end: timestamp.optional().transform((value) => value ?? null),
});

const purchaseSchema = z.object({
  plan_id: z.string().min(1),
  status: z.string(),
});

const planChangeSchema = z.object({
  action: z.string(),
  subscription: subscriptionSchema.optional(),
  purchase: purchaseSchema.optional(),
});

const envelopeSchema = z.object({ type: z.string().min(1), data: z.unknown() });

const billingUpdatedSchema = z.object({
  customer_id: z.string().min(1),
  plan_changes: z.array(planChangeSchema),
});

export type ParsedEvent =
  | { kind: "billingUpdated"; customerId: string; changes: BillingChange[] }
  | { kind: "other"; type: string };

export type ParseResult = { ok: true; event: ParsedEvent } | { ok: false; error: string };

export function parseAutumnEvent(body: unknown): ParseResult {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) return { ok: false, error: "not an Autumn event envelope" };
  if (envelope.data.type !== BILLING_UPDATED) {
    return { ok: true, event: { kind: "other", type: envelope.data.type } };
  }
  const data = billingUpdatedSchema.safeParse(envelope.data.data);
  if (!data.success) {
    return { ok: false, error: `malformed ${BILLING_UPDATED}: ${z.prettifyError(data.error)}` };
  }
  return {
    ok: true,
    event: {
      kind: "billingUpdated",
      customerId: data.data.customer_id,
      changes: data.data.plan_changes.map(interpretChange),
    },
  };
}

type PlanChange = z.infer<typeof planChangeSchema>;

function interpretChange(change: PlanChange): BillingChange {
  const productId = change.purchase?.plan_id ?? change.subscription?.plan_id ?? "";
  const product = productByAutumnId(productId);
  if (!product) return { kind: "ignored", productId, reason: "not a Helm product" };

  if (product.kind === "pack") {
    // A pack matters once it is active; its later lifecycle changes nothing.
    if (change.action !== "activated" || change.purchase?.status !== "active") {
      return { kind: "ignored", productId, reason: `pack ${change.action}` };
    }
    return { kind: "pack", productId };
  }

  const subscription = change.subscription;
  if (!subscription) return { kind: "ignored", productId, reason: "pro change without a subscription" };
  if (change.action === "expired") {
    return { kind: "pro", productId, status: "expired", canceledAt: null, expiresAt: null, currentPeriodEnd: null };
  }
  // `scheduled` (a plan queued to start later) is not Pro yet, whatever the action.
  if (subscription.status !== "active" && subscription.status !== "expired") {
    return { kind: "ignored", productId, reason: `pro ${change.action} (${subscription.status})` };
  }
  return {
    kind: "pro",
    productId,
    status: subscription.status,
    canceledAt: subscription.canceled_at,
    expiresAt: subscription.expires_at,
    currentPeriodEnd: subscription.current_period_end,
  };
}
