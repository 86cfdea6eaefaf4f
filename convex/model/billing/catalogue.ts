import { v, type Infer } from "convex/values";
import { MONTHLY_ALLOWANCE } from "./credits";
import { productIds } from "../config";

/**
 * Helm's price list. Prices are what the pricing page shows; the amounts
 * actually charged are defined on the products in Autumn (README: "Billing"),
 * so change both together.
 */
export const PRO_MONTHLY_PRICE_CENTS = 1200;

/** Helm's own product keys; Autumn ids come from configuration (`productIds()`). */
export const productKeyValidator = v.union(
  v.literal("pro"),
  v.literal("pack500"),
  v.literal("pack1000"),
  v.literal("pack5000"),
);
export type ProductKey = Infer<typeof productKeyValidator>;
export type PackKey = Exclude<ProductKey, "pro">;

export const CREDIT_PACKS: ReadonlyArray<{ key: PackKey; credits: number; priceCents: number }> = [
  { key: "pack500", credits: 500, priceCents: 500 },
  { key: "pack1000", credits: 1000, priceCents: 900 },
  { key: "pack5000", credits: 5000, priceCents: 4000 },
];

export type ProductInfo =
  | { kind: "pro"; key: "pro"; productId: string; priceCents: number }
  | { kind: "pack"; key: PackKey; productId: string; priceCents: number; credits: number };

/** Every product with the Autumn id it is sold under (ids are configurable). */
export function catalogue(): ProductInfo[] {
  const ids = productIds();
  return [
    { kind: "pro", key: "pro", productId: ids.pro, priceCents: PRO_MONTHLY_PRICE_CENTS },
    ...CREDIT_PACKS.map((pack) => ({
      kind: "pack" as const,
      ...pack,
      productId: ids[pack.key],
    })),
  ];
}

export function productByKey(key: ProductKey): ProductInfo {
  const product = catalogue().find((p) => p.key === key);
  if (!product) throw new Error(`no product ${key}`);
  return product;
}

/** Looks a product up by its Autumn id; null for anything Helm doesn't sell. */
export function productByAutumnId(productId: string): ProductInfo | null {
  return catalogue().find((p) => p.productId === productId) ?? null;
}

export const FREE_MONTHLY_CREDITS = MONTHLY_ALLOWANCE;

/**
 * A renewing subscription's period ends the moment the renewal is charged;
 * the `updated` webhook for the new period lands a little later. Pro stays on
 * for this long past the period end so renewals never flicker a user to free.
 * A cancelled subscription ends exactly at its `expires_at`.
 */
export const PRO_RENEWAL_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * When the user's Pro access ends, from a subscription's lifecycle fields:
 * a cancelled subscription at `expiresAt`, a renewing one a grace period
 * after its current period. Undefined: no end known (Pro until expired).
 */
export function proAccessEndsAt(subscription: {
  expiresAt?: number | null;
  currentPeriodEnd?: number | null;
}): number | undefined {
  if (subscription.expiresAt != null) return subscription.expiresAt;
  if (subscription.currentPeriodEnd != null) {
    return subscription.currentPeriodEnd + PRO_RENEWAL_GRACE_MS;
  }
  return undefined;
}

/** Query parameters of the offline test checkout page (offline/checkout.ts reads them). */
export const TEST_CHECKOUT_PARAMS = {
  product: "product",
  customer: "customer",
  successUrl: "success_url",
  cancelUrl: "cancel_url",
} as const;

/** Test mode's stand-in for Autumn's payment URL. */
export function testCheckoutUrl(
  base: string,
  args: { productId: string; customerId: string; successUrl: string; cancelUrl: string },
): string {
  const url = new URL(`${base.replace(/\/+$/, "")}/session`);
  url.searchParams.set(TEST_CHECKOUT_PARAMS.product, args.productId);
  url.searchParams.set(TEST_CHECKOUT_PARAMS.customer, args.customerId);
  url.searchParams.set(TEST_CHECKOUT_PARAMS.successUrl, args.successUrl);
  url.searchParams.set(TEST_CHECKOUT_PARAMS.cancelUrl, args.cancelUrl);
  return url.toString();
}
