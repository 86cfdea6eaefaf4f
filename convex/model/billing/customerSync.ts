import { internal } from "../../_generated/api";
import type { Id } from "../../_generated/dataModel";
import type { ActionCtx } from "../../_generated/server";
import { autumnCustomer, type CustomerSnapshot } from "./autumn";
import { identifyPurchases, PURCHASES_PER_TRANSACTION } from "./purchases";

/**
 * Reads the customer from Autumn and applies it (billing/sync.ts applyCustomer),
 * purchases in chunks so no transaction nears Convex's limits. Throws when
 * Autumn can't be read.
 */
export async function syncCustomer(
  ctx: ActionCtx,
  userId: Id<"users">,
  customerId: string,
): Promise<{ creditsAdded: number }> {
  const snapshot: CustomerSnapshot = await autumnCustomer(customerId);
  const purchases = identifyPurchases(
    customerId,
    snapshot.purchases.map(({ planId, startedAt, quantity }) => ({ planId, startedAt, quantity })),
  );
  const subscriptions = snapshot.subscriptions.map(({ planId, status, canceledAt, expiresAt, currentPeriodEnd }) => ({
    planId,
    status,
    canceledAt,
    expiresAt,
    currentPeriodEnd,
  }));
  let creditsAdded = 0;
  for (let i = 0; i === 0 || i < purchases.length; i += PURCHASES_PER_TRANSACTION) {
    const result: { creditsAdded: number } = await ctx.runMutation(internal.billing.sync.applyCustomer, {
      userId,
      purchases: purchases.slice(i, i + PURCHASES_PER_TRANSACTION),
      subscriptions: i === 0 ? subscriptions : undefined,
    });
    creditsAdded += result.creditsAdded;
  }
  return { creditsAdded };
}

