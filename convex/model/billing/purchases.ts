import type { Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { productByAutumnId } from "./catalogue";
import { findLedgerEntry, grant } from "./credits";
import { completeOpenCheckout } from "./checkouts";

/*
 * Pack purchases, granted from Autumn's customer API (`customers.get`'s
 * `purchases[]`), never from the webhook alone.
 *
 * Why: a purchase needs an identity that every path agrees on, so that the
 * webhook, the return page's reconcile and the scheduled reconcile, alone or
 * together, grant it exactly once. `billing.updated` carries none: its
 * `purchase` is only `{plan_id, status, expires_at}` (useautumn/autumn
 * server/src/internal/billing/v2/actions/buildBillingChanges/
 * buildCustomerPlanChanges/toCustomerPlanSnapshot.ts), and its Svix message
 * id names the delivery, not the purchase. The customer API lists each
 * one-off purchase as its own entry — buying a pack again makes a second
 * customer product, not a bigger quantity ("addon 7" in
 * server/tests/integration/billing/attach/new-plan/attach-addon.test.ts) —
 * with `plan_id`, `started_at` (when that customer product started; it never
 * changes) and `quantity`, but no id either. So a purchase is
 *
 *     (customer id, plan id, started_at, n)
 *
 * where n counts earlier entries with the same plan and the same
 * millisecond (in practice always 0). It is the grant's ledger key, so the
 * check and the grant happen in one transaction and two reconciles racing
 * each other are serialised by Convex: the second finds the key. A webhook
 * for a pack only rings the bell: it schedules a reconcile (fulfilment.ts).
 * The cost of this choice: credits need Autumn's API to be reachable; when it
 * isn't, the reconcile retries and the schedule catches up later.
 */

export type ApiPurchase = { planId: string; startedAt: number; quantity: number };

export type IdentifiedPurchase = ApiPurchase & { key: string };

export function purchaseKey(customerId: string, planId: string, startedAt: number, n: number): string {
  return `autumn:purchase:${customerId}:${planId}:${startedAt}:${n}`;
}

/** Gives every purchase its identity; the order Autumn lists them in doesn't matter. */
export function identifyPurchases(customerId: string, purchases: ApiPurchase[]): IdentifiedPurchase[] {
  const seen = new Map<string, number>();
  return purchases.map((purchase) => {
    const slot = `${purchase.planId}:${purchase.startedAt}`;
    const n = seen.get(slot) ?? 0;
    seen.set(slot, n + 1);
    return { ...purchase, key: purchaseKey(customerId, purchase.planId, purchase.startedAt, n) };
  });
}

/** At most this many purchases are looked at per transaction (a few index reads each). */
export const PURCHASES_PER_TRANSACTION = 500;

/**
 * Grants every Helm pack among `purchases` (identified by identifyPurchases)
 * that has not been granted yet, and completes the user's open checkout for
 * it. Returns the credits added.
 */
export async function grantPurchases(
  ctx: MutationCtx,
  userId: Id<"users">,
  purchases: IdentifiedPurchase[],
): Promise<number> {
  let added = 0;
  for (const purchase of purchases) {
    const product = productByAutumnId(purchase.planId);
    if (!product || product.kind !== "pack") continue;
    if (await findLedgerEntry(ctx, purchase.key)) continue;
    // `quantity` is how many of the plan this one purchase bought (1 for a pack bought from the pricing page).
    const units = Number.isInteger(purchase.quantity) && purchase.quantity > 0 ? purchase.quantity : 1;
    const result = await grant(ctx, userId, product.credits * units, "purchase", purchase.key, {
      type: "autumnPurchase",
      id: purchase.key,
    });
    if (!result) continue;
    added += result.granted;
    await completeOpenCheckout(ctx, userId, product.key, purchase.startedAt, result.granted);
  }
  return added;
}
