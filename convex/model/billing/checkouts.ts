import type { Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import type { ProductKey } from "../../schema";

/*
 * Checkouts Helm has started. Autumn keeps one open checkout per customer and
 * reuses it when `billing.attach` gets the same parameters again; different
 * parameters expire it (useautumn/autumn server/src/internal/billing/v2/
 * actions/locks/checkoutSessionLock/checkCheckoutSessionLock.ts). So the
 * success URL must not change between clicks: it names this row, which
 * repeated Buy clicks for the same product reuse while it is open.
 */

/** Stripe checkout sessions last 24 hours; reuse an open one for a little less. */
export const CHECKOUT_REUSE_MS = 23 * 60 * 60 * 1000;

/** Clock difference allowed between Autumn's `started_at` and Helm's own clock. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * When the schedule reconciles an open checkout, measured from its start.
 * Svix retries a failed delivery for about a day, so the last look is then;
 * a checkout still open after it was abandoned.
 */
export const RECONCILE_AFTER_MS = [2, 10, 60, 6 * 60, 25 * 60].map((minutes) => minutes * 60 * 1000);

async function openRows(ctx: QueryCtx, userId: Id<"users">, product: ProductKey) {
  return await ctx.db
    .query("checkouts")
    .withIndex("by_userId_and_product_and_status", (q) =>
      q.eq("userId", userId).eq("product", product).eq("status", "open"),
    )
    .order("desc")
    .take(10);
}

/** The user's open checkout for `product` (reused while fresh), or a new one. */
export async function openCheckout(
  ctx: MutationCtx,
  userId: Id<"users">,
  product: ProductKey,
  now: number,
): Promise<Id<"checkouts">> {
  const fresh = (await openRows(ctx, userId, product)).find((row) => now - row.startedAt < CHECKOUT_REUSE_MS);
  if (fresh) return fresh._id;
  return await ctx.db.insert("checkouts", {
    userId,
    product,
    status: "open",
    startedAt: now,
    updatedAt: now,
    nextCheckAt: now + RECONCILE_AFTER_MS[0],
    checks: 0,
  });
}

/**
 * Marks the open checkout this purchase (or Pro activation) belongs to as
 * complete. A purchase older than the checkout (an earlier one granted late)
 * leaves it open.
 */
export async function completeOpenCheckout(
  ctx: MutationCtx,
  userId: Id<"users">,
  product: ProductKey,
  purchasedAt: number,
  creditsGranted: number,
): Promise<void> {
  const row = (await openRows(ctx, userId, product)).find((r) => purchasedAt >= r.startedAt - CLOCK_SKEW_MS);
  if (!row) return;
  await ctx.db.patch("checkouts", row._id, {
    status: "complete",
    creditsGranted,
    nextCheckAt: undefined,
    updatedAt: Date.now(),
  });
}

/** How long after its last reconcile an open checkout is given up as abandoned. */
const ABANDON_AFTER_LAST_CHECK_MS = 60 * 60 * 1000;

/**
 * Open checkouts whose next reconcile is due, at most `limit`, each moved to
 * its next step; one that has had every reconcile is marked expired
 * (abandoned). Returns the users to reconcile.
 */
export async function takeDueCheckouts(ctx: MutationCtx, now: number, limit: number): Promise<Id<"users">[]> {
  const due = await ctx.db
    .query("checkouts")
    .withIndex("by_status_and_nextCheckAt", (q) =>
      q.eq("status", "open").gte("nextCheckAt", 0).lte("nextCheckAt", now),
    )
    .take(limit);
  const users = new Set<Id<"users">>();
  for (const row of due) {
    if (row.checks >= RECONCILE_AFTER_MS.length) {
      await ctx.db.patch("checkouts", row._id, { status: "expired", nextCheckAt: undefined, updatedAt: now });
      continue;
    }
    const checks = row.checks + 1;
    const next = RECONCILE_AFTER_MS[checks];
    await ctx.db.patch("checkouts", row._id, {
      checks,
      nextCheckAt: next === undefined ? now + ABANDON_AFTER_LAST_CHECK_MS : row.startedAt + next,
      updatedAt: now,
    });
    users.add(row.userId);
  }
  return [...users];
}
