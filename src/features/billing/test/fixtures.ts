import type { Balance } from "@/components/credits/balance";
import type { Catalogue } from "../lib/pricing";

export const catalogue = (mode: Catalogue["mode"] = "test"): Catalogue => ({
  mode,
  freeMonthlyCredits: 100,
  actionCosts: { chat: 3, projectGeneration: 15, urlScrape: 5 },
  pro: { priceCents: 1200, interval: "month" },
  packs: [
    { key: "pack500", credits: 500, priceCents: 500 },
    { key: "pack1000", credits: 1000, priceCents: 900 },
    { key: "pack5000", credits: 5000, priceCents: 4000 },
  ],
});

export const balance = (remaining: number, extra: Partial<Balance> = {}): Balance => ({
  remaining,
  allowance: Math.min(remaining, 100),
  allowanceTotal: 100,
  purchased: Math.max(0, remaining - 100),
  plan: "free",
  unlimited: false,
  resetsAt: Date.UTC(2031, 6, 1),
  level: "green",
  ...extra,
});
