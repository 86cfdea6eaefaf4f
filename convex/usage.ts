import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v } from "convex/values";
import { authedQuery } from "./functions";
import { boundedPage } from "./model/pagination";
import { ledgerRowView, spendByDay as spendByDayFor } from "./model/billing/usage";
import { creditActionValidator, ledgerKindValidator } from "./schema";
import { usageByModel, usageByModelValidator } from "./model/chat/usageByModel";

const daySpendValidator = v.object({
  day: v.number(),
  chat: v.number(),
  projectGeneration: v.number(),
  urlScrape: v.number(),
  total: v.number(),
});

/** Credits spent per UTC day of the current month, for the usage chart. */
export const spendByDay = authedQuery({
  args: {},
  returns: v.object({
    monthStart: v.number(),
    /** Day of the month it is now (1-based, UTC). */
    today: v.number(),
    days: v.array(daySpendValidator),
    totalSpent: v.number(),
    /** True when the month had more ledger rows than the chart reads. */
    truncated: v.boolean(),
  }),
  handler: async (ctx) => spendByDayFor(ctx, ctx.user._id, Date.now()),
});

/** Chat replies, tokens and estimated cost per model and UTC day of the current month. */
export const byModel = authedQuery({
  args: {},
  returns: usageByModelValidator,
  handler: async (ctx) => usageByModel(ctx, ctx.user._id, Date.now()),
});

const HISTORY_PAGE_MAX = 50;

const historyRowValidator = v.object({
  _id: v.id("creditLedger"),
  kind: ledgerKindValidator,
  amount: v.number(),
  balanceAfter: v.number(),
  cost: v.optional(v.number()),
  action: v.optional(creditActionValidator),
  createdAt: v.number(),
  title: v.string(),
  detail: v.optional(v.string()),
  link: v.optional(
    v.union(
      v.object({ type: v.literal("chat"), displayId: v.string() }),
      v.object({ type: v.literal("project"), projectId: v.id("projects") }),
    ),
  ),
});

/**
 * The ledger, newest first, with what each row was for (the chat, prompt or
 * page it paid for). Pages are capped so each reads a bounded number of rows.
 */
export const history = authedQuery({
  args: { paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(historyRowValidator),
  handler: async (ctx, { paginationOpts }) => {
    const page = await ctx.db
      .query("creditLedger")
      .withIndex("by_userId", (q) => q.eq("userId", ctx.user._id))
      .order("desc")
      .paginate(boundedPage(paginationOpts, HISTORY_PAGE_MAX));
    return { ...page, page: await Promise.all(page.page.map((row) => ledgerRowView(ctx, row))) };
  },
});
