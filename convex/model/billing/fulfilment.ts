import type { Doc } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { getUserByExternalId } from "../users";
import { completeOpenCheckout } from "./checkouts";
import { scheduleCustomerCheck } from "./proCheck";
import { applyProState, combineProStates, proStateOf } from "./proStatus";
import type { BillingChange } from "./webhook";

export type FulfilmentOutcome = Doc<"webhookEvents">["outcome"];

export type FulfilmentResult = {
  outcome: FulfilmentOutcome;
  /** True when a customer check (purchases, Pro's period end) was scheduled. */
  checkScheduled: boolean;
  /** True when this event id had been processed before: nothing was done now. */
  duplicate: boolean;
};

export async function findWebhookEvent(ctx: QueryCtx, eventId: string) {
  return await ctx.db
    .query("webhookEvents")
    .withIndex("by_eventId", (q) => q.eq("eventId", eventId))
    .unique();
}

/**
 * Applies one `billing.updated` event exactly once. The event id is recorded
 * in the same transaction as the plan change, so a redelivery (even a
 * concurrent one: Convex serialises the two transactions) finds the record
 * and changes nothing.
 *
 * Pro changes apply at once. A pack, and a Pro activation whose period end
 * the event doesn't carry (`current_period_end` is always null there),
 * schedule a customer check in the same transaction: it grants purchases by
 * their identity in the customer API (purchases.ts) and reads the period end.
 */
export async function fulfilBillingEvent(
  ctx: MutationCtx,
  event: { eventId: string; type: string; customerId: string; changes: BillingChange[] },
): Promise<FulfilmentResult> {
  const previous = await findWebhookEvent(ctx, event.eventId);
  if (previous) return { outcome: previous.outcome, checkScheduled: false, duplicate: true };
  const now = Date.now();
  const record = (fields: Partial<Doc<"webhookEvents">> & { outcome: FulfilmentOutcome }) =>
    ctx.db.insert("webhookEvents", {
      eventId: event.eventId,
      type: event.type,
      customerId: event.customerId,
      receivedAt: now,
      ...fields,
    });

  const user = await getUserByExternalId(ctx, event.customerId);
  if (!user) {
    // Retrying won't make the customer appear: Helm deliberately ignores it
    // (answered 2xx), recorded so an operator can find it.
    console.warn(
      `[billing] ${event.type} ${event.eventId} for unknown customer ${event.customerId}: recorded, not applied`,
    );
    await record({ outcome: "unknown_customer" });
    return { outcome: "unknown_customer", checkScheduled: false, duplicate: false };
  }

  for (const change of event.changes) {
    if (change.kind === "ignored") {
      console.info(`[billing] ${event.eventId}: ignored ${change.productId || "(no plan)"}: ${change.reason}`);
    }
  }
  const packs = event.changes.filter((c) => c.kind === "pack");
  const pro = event.changes.filter((c): c is Extract<BillingChange, { kind: "pro" }> => c.kind === "pro");

  let needsCheck = packs.length > 0;
  if (pro.length > 0) {
    const state = combineProStates(pro.map((change) => proStateOf(change, now)));
    await applyProState(ctx, user._id, state, now);
    if (state.active) {
      await completeOpenCheckout(ctx, user._id, "pro", now, 0);
      needsCheck ||= state.provisional;
    }
  }
  if (needsCheck) {
    const usage = await ctx.db
      .query("userUsage")
      .withIndex("by_userId", (q) => q.eq("userId", user._id))
      .unique();
    if (usage) await scheduleCustomerCheck(ctx, usage, now);
  }
  const outcome = packs.length > 0 || pro.length > 0 ? "processed" : "ignored";
  await record({ outcome, userId: user._id });
  return { outcome, checkScheduled: needsCheck, duplicate: false };
}
