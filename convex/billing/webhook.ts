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
 * POST /webhooks/autumn. Status codes tell Autumn (Svix) what to do next:
 * 2xx done, 4xx don't bother retrying, 5xx retry later. So only failures
 * that can heal (configuration being fixed, a failed transaction) are 5xx.
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
  const parsed = parseAutumnEvent(verified.body, Date.now());
  if (!parsed.ok) {
    console.warn(`[billing] rejected webhook ${verified.eventId}: ${parsed.error}`);
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
    creditsGranted: v.number(),
    duplicate: v.boolean(),
  }),
  handler: async (ctx, event) => await fulfilBillingEvent(ctx, event),
});
