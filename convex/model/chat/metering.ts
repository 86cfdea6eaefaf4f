import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import type { ModelUsage } from "../ai/llm";
import { costMicroUsd, findModel, modelCatalogue } from "../ai/catalogue";
import type { ChatTotals } from "../../schema";

/**
 * What a reply used, added up where it is read: the reply's estimated cost,
 * its chat's running totals and the user's per-day, per-model row. Runs in
 * the transaction that ends the reply, so totals never miss or double a reply.
 */

const DAY_MS = 86_400_000;

export const EMPTY_TOTALS: ChatTotals = {
  replies: 0,
  inputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  credits: 0,
  costMicroUsd: 0,
};

export const startOfUtcDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** The catalogue's price for the reply's model; none if it is unpriced, gone, or the catalogue unreadable. */
function priceOf(modelId: string | undefined) {
  if (!modelId) return null;
  try {
    return findModel(modelCatalogue(), modelId)?.price ?? null;
  } catch {
    return null;
  }
}

export type ReplyUsage = {
  /** Tokens reported (or estimated) for the reply; counted once, when first known. */
  tokens?: ModelUsage;
  /** Credits the reply finally cost (0 once refunded). */
  credits: number;
  /** The reply was answered: it counts as a message. */
  answered: boolean;
};

export async function meterReply(ctx: MutationCtx, message: Doc<"chatMessages">, usage: ReplyUsage): Promise<void> {
  const tokens = usage.tokens;
  const price = tokens ? priceOf(message.modelId) : null;
  const cost = tokens && price ? costMicroUsd(price, tokens) : 0;
  if (tokens && price) await ctx.db.patch("chatMessages", message._id, { costMicroUsd: cost });
  const added = {
    replies: usage.answered ? 1 : 0,
    inputTokens: tokens?.input ?? 0,
    outputTokens: tokens?.output ?? 0,
    reasoningTokens: tokens?.reasoning ?? 0,
    credits: usage.credits,
    costMicroUsd: cost,
  };
  if (!Object.values(added).some((n) => n !== 0)) return;

  const session = await ctx.db.get("chatSessions", message.sessionId);
  if (session) {
    const totals = session.totals ?? EMPTY_TOTALS;
    await ctx.db.patch("chatSessions", session._id, {
      totals: {
        replies: totals.replies + added.replies,
        inputTokens: totals.inputTokens + added.inputTokens,
        outputTokens: totals.outputTokens + added.outputTokens,
        reasoningTokens: totals.reasoningTokens + added.reasoningTokens,
        credits: totals.credits + added.credits,
        costMicroUsd: totals.costMicroUsd + added.costMicroUsd,
      },
    });
  }

  const { credits: _credits, ...daily } = added;
  await addDailyUsage(ctx, message.userId, startOfUtcDay(message.createdAt), message.modelId ?? message.model ?? "unknown", daily);
}

export type DailyUsage = Pick<Doc<"usageDaily">, "replies" | "inputTokens" | "outputTokens" | "reasoningTokens" | "costMicroUsd">;

/** Adds to a user's `usageDaily` row for that UTC day and model (one per user, day and model). */
export async function addDailyUsage(
  ctx: MutationCtx,
  userId: Id<"users">,
  day: number,
  modelId: string,
  added: DailyUsage,
): Promise<void> {
  const row = await ctx.db
    .query("usageDaily")
    .withIndex("by_userId_and_day_and_modelId", (q) => q.eq("userId", userId).eq("day", day).eq("modelId", modelId))
    .unique();
  if (!row) {
    await ctx.db.insert("usageDaily", { userId, day, modelId, ...added });
    return;
  }
  await ctx.db.patch("usageDaily", row._id, {
    replies: row.replies + added.replies,
    inputTokens: row.inputTokens + added.inputTokens,
    outputTokens: row.outputTokens + added.outputTokens,
    reasoningTokens: row.reasoningTokens + added.reasoningTokens,
    costMicroUsd: row.costMicroUsd + added.costMicroUsd,
  });
}
