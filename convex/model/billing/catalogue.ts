import type { ProductKey } from "../../schema";
import { MONTHLY_ALLOWANCE } from "./credits";
import { productIds } from "../config";

export { productKeyValidator, type ProductKey } from "../../schema";

/**
 * Helm's price list. Prices are what the pricing page shows; the amounts
 * actually charged are defined on the products in Autumn (README: "Billing"),
 * so change both together.
 */
export const PRO_MONTHLY_PRICE_CENTS = 1200;

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
