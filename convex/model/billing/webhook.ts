import { Webhook, WebhookVerificationError } from "svix";
import { v, type Infer } from "convex/values";
import { z } from "zod";
import { productByAutumnId, proAccessEndsAt } from "./catalogue";

/*
 * Autumn webhooks, before anything touches the database: Svix signature
 * verification on the raw body, zod parsing, and reduction of a
 * `billing.updated` event to the few changes Helm acts on.
 */

export const BILLING_UPDATED = "billing.updated";

/** What one `billing.updated` plan change means for Helm. */
export const billingChangeValidator = v.union(
  v.object({ kind: v.literal("pack"), productId: v.string(), credits: v.number() }),
  v.object({ kind: v.literal("pro"), active: v.boolean(), endsAt: v.optional(v.number()) }),
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

const timestamp = z.number().nullish();

const subscriptionSchema = z.object({
  plan_id: z.string().min(1),
  status: z.string().nullish(),
  past_due: z.boolean().nullish(),
  canceled_at: timestamp,
  expires_at: timestamp,
  current_period_end: timestamp,
});

const purchaseSchema = z.object({
  plan_id: z.string().min(1),
  quantity: z.number().int().positive().nullish(),
});

const planChangeSchema = z.object({
  // Autumn documents activated | scheduled | updated | expired; a new action
  // must not make every delivery fail, so anything else is ignored below.
  action: z.string(),
  subscription: subscriptionSchema.nullish(),
  purchase: purchaseSchema.nullish(),
});

const envelopeSchema = z.object({ type: z.string().min(1), data: z.unknown() });

const billingUpdatedSchema = z.object({
  customer_id: z.string().min(1),
  entity_id: z.string().nullish(),
  plan_changes: z.array(planChangeSchema),
});

export type ParsedEvent =
  | { kind: "billingUpdated"; customerId: string; changes: BillingChange[] }
  | { kind: "other"; type: string };

export type ParseResult = { ok: true; event: ParsedEvent } | { ok: false; error: string };

export function parseAutumnEvent(body: unknown, now: number): ParseResult {
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
      changes: data.data.plan_changes.map((change) => interpretChange(change, now)),
    },
  };
}

type PlanChange = z.infer<typeof planChangeSchema>;

function interpretChange(change: PlanChange, now: number): BillingChange {
  const productId = change.purchase?.plan_id ?? change.subscription?.plan_id ?? "";
  const product = productByAutumnId(productId);
  if (!product) return { kind: "ignored", productId, reason: "not a Helm product" };

  if (product.kind === "pack") {
    // A one-off pack is fulfilled when it becomes active; its later
    // lifecycle (there is none for credits) changes nothing.
    if (change.action !== "activated") {
      return { kind: "ignored", productId, reason: `pack ${change.action}` };
    }
    const quantity = change.purchase?.quantity ?? 1;
    return { kind: "pack", productId, credits: product.credits * quantity };
  }

  const subscription = change.subscription;
  if (change.action === "expired" || subscription?.status === "expired") {
    return { kind: "pro", active: false };
  }
  if (change.action !== "activated" && change.action !== "updated") {
    return { kind: "ignored", productId, reason: `pro ${change.action}` };
  }
  const endsAt = proAccessEndsAt({
    expiresAt: subscription?.expires_at,
    currentPeriodEnd: subscription?.current_period_end,
  });
  if (endsAt !== undefined && endsAt <= now) return { kind: "pro", active: false };
  return { kind: "pro", active: true, endsAt };
}
