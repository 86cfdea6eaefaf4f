import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { grant, setPlan } from "./credits";
import { getUserByExternalId } from "../users";
import type { BillingChange } from "./webhook";

export type FulfilmentOutcome = Doc<"webhookEvents">["outcome"];

export type FulfilmentResult = {
  outcome: FulfilmentOutcome;
  creditsGranted: number;
  /** True when this event id had been processed before: nothing was done now. */
  duplicate: boolean;
};

export async function findWebhookEvent(ctx: QueryCtx, eventId: string) {
  return await ctx.db
    .query("webhookEvents")
    .withIndex("by_eventId", (q) => q.eq("eventId", eventId))
    .unique();
}

/** The ledger key of the grant for plan change `index` of an event. */
export const purchaseKeyFor = (eventId: string, index: number) => `autumn:${eventId}:${index}`;

/**
 * Applies one `billing.updated` event exactly once. The event id is recorded
 * in the same transaction as the grants and the plan change, so a redelivery
 * (even a concurrent one: Convex serialises the two transactions) finds the
 * record and changes nothing.
 */
export async function fulfilBillingEvent(
  ctx: MutationCtx,
  event: { eventId: string; type: string; customerId: string; changes: BillingChange[] },
): Promise<FulfilmentResult> {
  const previous = await findWebhookEvent(ctx, event.eventId);
  if (previous) {
    return {
      outcome: previous.outcome,
      creditsGranted: previous.creditsGranted ?? 0,
      duplicate: true,
    };
  }
  const record = (fields: Partial<Doc<"webhookEvents">> & { outcome: FulfilmentOutcome }) =>
    ctx.db.insert("webhookEvents", {
      eventId: event.eventId,
      type: event.type,
      customerId: event.customerId,
      receivedAt: Date.now(),
      ...fields,
    });

  const user = await getUserByExternalId(ctx, event.customerId);
  if (!user) {
    // Retrying won't make the customer appear; record it so an operator can
    // find it, and answer 200 so Autumn doesn't keep redelivering.
    console.warn(
      `[billing] ${event.type} ${event.eventId} for unknown customer ${event.customerId}: recorded, not applied`,
    );
    await record({ outcome: "unknown_customer" });
    return { outcome: "unknown_customer", creditsGranted: 0, duplicate: false };
  }

  let creditsGranted = 0;
  for (const [index, change] of event.changes.entries()) {
    if (change.kind === "ignored") {
      console.info(`[billing] ${event.eventId}: ignored ${change.productId || "(no plan)"}: ${change.reason}`);
      continue;
    }
    if (change.kind !== "pack") continue;
    const granted = await grant(
      ctx,
      user._id,
      change.credits,
      "purchase",
      purchaseKeyFor(event.eventId, index),
      { type: "webhookEvent", id: event.eventId },
    );
    creditsGranted += granted?.granted ?? 0;
  }

  const planChanged = await applyProChanges(ctx, user._id, event.changes);
  const outcome = creditsGranted > 0 || planChanged ? "processed" : "ignored";
  await record({ outcome, userId: user._id, creditsGranted });
  return { outcome, creditsGranted, duplicate: false };
}

/**
 * One event can expire one Pro subscription and activate another (a plan
 * version change); any active Pro change wins, with the latest end.
 */
async function applyProChanges(
  ctx: MutationCtx,
  userId: Id<"users">,
  changes: BillingChange[],
): Promise<boolean> {
  const pro = changes.filter((c): c is Extract<BillingChange, { kind: "pro" }> => c.kind === "pro");
  if (pro.length === 0) return false;
  const active = pro.filter((c) => c.active);
  if (active.length === 0) {
    await setPlan(ctx, userId, "free");
    return true;
  }
  const ends = active.map((c) => c.endsAt);
  const endsAt = ends.includes(undefined) ? undefined : Math.max(...(ends as number[]));
  await setPlan(ctx, userId, "pro", endsAt);
  return true;
}
