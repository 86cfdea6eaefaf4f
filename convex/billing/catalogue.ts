import { v } from "convex/values";
import { query } from "../_generated/server";
import { CREDIT_PACKS, FREE_MONTHLY_CREDITS, PRO_MONTHLY_PRICE_CENTS } from "../model/billing/catalogue";
import { billingConfig } from "../model/config";
import { CREDIT_COSTS } from "../model/billing/credits";

/** The price list for the pricing page, and whether checkout is real or test mode. */
export const get = query({
  args: {},
  returns: v.object({
    mode: v.union(v.literal("autumn"), v.literal("test")),
    freeMonthlyCredits: v.number(),
    /** What each AI action costs, for the "what a credit buys" table. */
    actionCosts: v.object({ chat: v.number(), projectGeneration: v.number(), urlScrape: v.number() }),
    pro: v.object({ priceCents: v.number(), interval: v.literal("month") }),
    packs: v.array(
      v.object({
        key: v.union(v.literal("pack500"), v.literal("pack1000"), v.literal("pack5000")),
        credits: v.number(),
        priceCents: v.number(),
      }),
    ),
  }),
  handler: async () => ({
    mode: billingConfig().mode,
    freeMonthlyCredits: FREE_MONTHLY_CREDITS,
    actionCosts: { ...CREDIT_COSTS },
    pro: { priceCents: PRO_MONTHLY_PRICE_CENTS, interval: "month" as const },
    packs: CREDIT_PACKS.map(({ key, credits, priceCents }) => ({ key, credits, priceCents })),
  }),
});
