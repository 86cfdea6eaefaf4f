import { v } from "convex/values";
import type { Id } from "../../_generated/dataModel";
import type { QueryCtx } from "../../_generated/server";
import { findModel, modelCatalogue } from "../ai/catalogue";
import { nextResetAt, startOfUtcMonth } from "../billing/credits";

/**
 * Replies and tokens per model and UTC day of the month containing `now`,
 * from the `usageDaily` rows each finalize keeps: a month reads at most
 * days × models small rows, whatever the number of messages.
 */

/** Upper bound on rows read: 31 days of up to 40 models. */
export const USAGE_ROWS_CAP = 31 * 40;

const statsFields = {
  replies: v.number(),
  inputTokens: v.number(),
  outputTokens: v.number(),
  reasoningTokens: v.number(),
  costMicroUsd: v.number(),
};

export const usageByModelValidator = v.object({
  monthStart: v.number(),
  models: v.array(v.object({ modelId: v.string(), label: v.string(), ...statsFields })),
  days: v.array(v.object({ day: v.number(), modelId: v.string(), ...statsFields })),
  truncated: v.boolean(),
});

const DAY_MS = 86_400_000;

function labelOf(modelId: string): string {
  try {
    return findModel(modelCatalogue(), modelId)?.label ?? modelId;
  } catch {
    return modelId;
  }
}

export async function usageByModel(ctx: QueryCtx, userId: Id<"users">, now: number) {
  const monthStart = startOfUtcMonth(now);
  const rows = await ctx.db
    .query("usageDaily")
    .withIndex("by_userId_and_day_and_modelId", (q) =>
      q.eq("userId", userId).gte("day", monthStart).lt("day", nextResetAt(now)),
    )
    .take(USAGE_ROWS_CAP + 1);
  const kept = rows.slice(0, USAGE_ROWS_CAP);
  const byModel = new Map<string, { replies: number; inputTokens: number; outputTokens: number; reasoningTokens: number; costMicroUsd: number }>();
  for (const row of kept) {
    const sum = byModel.get(row.modelId) ?? { replies: 0, inputTokens: 0, outputTokens: 0, reasoningTokens: 0, costMicroUsd: 0 };
    sum.replies += row.replies;
    sum.inputTokens += row.inputTokens;
    sum.outputTokens += row.outputTokens;
    sum.reasoningTokens += row.reasoningTokens;
    sum.costMicroUsd += row.costMicroUsd;
    byModel.set(row.modelId, sum);
  }
  return {
    monthStart,
    models: [...byModel].map(([modelId, sum]) => ({ modelId, label: labelOf(modelId), ...sum })),
    days: kept.map((row) => ({
      day: Math.floor((row.day - monthStart) / DAY_MS) + 1,
      modelId: row.modelId,
      replies: row.replies,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      reasoningTokens: row.reasoningTokens,
      costMicroUsd: row.costMicroUsd,
    })),
    truncated: rows.length > USAGE_ROWS_CAP,
  };
}
