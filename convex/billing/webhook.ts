import { v } from "convex/values";
import { internal } from "../_generated/api";
import { httpAction, internalMutation } from "../_generated/server";
import { billingConfig } from "../model/config";
import { fulfilBillingEvent } from "../model/billing/fulfilment";
import {
  billingChangeValidator,
  parseAutumnEvent,
  verifyAutumnSignature,
} from "../model/billing/webhook";

const json = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });

/**
 * POST /webhooks/autumn. Autumn delivers through Svix, which treats every
 * status but 2xx as a failure and retries it (immediately, then after 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h and 10 h), 4xx included. So:
 *   - 2xx: done, including what Helm deliberately ignores (other event
 *     types, products Helm doesn't sell, customers it doesn't know, a
 *     redelivery) — a retry could never change those;
 *   - non-2xx only where a retry can succeed: no signing secret yet (503,
 *     until it is set), a signature that doesn't verify (401: refused, and if
 *     it was Autumn's own delivery with a rotated secret, the retries get
 *     through once the secret is fixed; a stale timestamp is re-signed on
 *     each retry), a signed body Helm can't parse (400: a fix deployed within
 *     Svix's day of retries still applies it) and a failed transaction (500).
 */
export const autumnWebhook = httpAction(async (ctx, request) => {
  const { webhookSecret } = billingConfig();
  if (!webhookSecret) {
    console.error("[billing] AUTUMN_WEBHOOK_SECRET is not set; answering 503 so Autumn retries");
    return json(503, { error: "webhook secret not configured" });
  }
  const rawBody = await request.text();
  const verified = verifyAutumnSignature(webhookSecret, rawBody, request.headers);
  if (!verified.ok) {
    console.warn(`[billing] rejected webhook: ${verified.error}`);
    return json(verified.status, { error: verified.error });
  }
  const parsed = parseAutumnEvent(verified.body);
  if (!parsed.ok) {
    console.error(`[billing] could not parse webhook ${verified.eventId}; Autumn will retry it: ${parsed.error}`);
    return json(400, { error: parsed.error });
  }
  if (parsed.event.kind === "other") {
    return json(200, { received: true, ignored: parsed.event.type });
  }
  try {
    const result = await ctx.runMutation(internal.billing.webhook.fulfil, {
      eventId: verified.eventId,
      type: "billing.updated",
      customerId: parsed.event.customerId,
      changes: parsed.event.changes,
    });
    return json(200, { received: true, ...result });
  } catch (error) {
    console.error(`[billing] failed to apply ${verified.eventId}; Autumn will retry`, error);
    return json(500, { error: "temporarily unable to process the event" });
  }
});

/** Records the event and applies it, in one transaction (see fulfilBillingEvent). */
export const fulfil = internalMutation({
  args: {
    eventId: v.string(),
    type: v.string(),
    customerId: v.string(),
    changes: v.array(billingChangeValidator),
  },
  returns: v.object({
    outcome: v.union(v.literal("processed"), v.literal("ignored"), v.literal("unknown_customer")),
    checkScheduled: v.boolean(),
    duplicate: v.boolean(),
  }),
  handler: async (ctx, event) => await fulfilBillingEvent(ctx, event),
});
