import type { FunctionReturnType } from "convex/server";
import type { api } from "../../../../convex/_generated/api";

export type Catalogue = FunctionReturnType<typeof api.billing.catalogue.get>;
export type Pack = Catalogue["packs"][number];
export type ProductKey = "pro" | Pack["key"];

/** "$5", "$12", "$4.50": whole dollars drop their cents, like most price lists. */
export function formatPrice(cents: number): string {
  const dollars = cents / 100;
  return dollars.toLocaleString("en-US", {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
  });
}

/** "1¢", "0.9¢": a credit costs about a cent, so cents read best. */
export function formatPerCredit(pack: Pick<Pack, "priceCents" | "credits">): string {
  const cents = pack.priceCents / pack.credits;
  return `${Number(cents.toFixed(2)).toLocaleString("en-US")}¢`;
}

/** Percentage saved per credit against the smallest pack (0 for the smallest itself). */
export function savingsPercent(pack: Pack, packs: readonly Pack[]): number {
  const base = Math.max(...packs.map((p) => p.priceCents / p.credits));
  return Math.round((1 - pack.priceCents / pack.credits / base) * 100);
}

/** The pack with the lowest price per credit. */
export function bestValue(packs: readonly Pack[]): Pack["key"] | undefined {
  return [...packs].sort((a, b) => a.priceCents / a.credits - b.priceCents / b.credits)[0]?.key;
}
