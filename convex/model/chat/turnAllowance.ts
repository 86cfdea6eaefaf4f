import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import type { CatalogueModel } from "../ai/catalogue";
import { effectiveUsage, getUsage, spend } from "../billing/credits";
import { dailyMessageCaps } from "../config";
import { takeGuestBudget } from "../guest/budget";
import { isGuest } from "../guest/guests";
import { assertContextAllowed, assertModelAllowed } from "../guest/rules";
import { takeDailyMessage, type TakenMessage } from "./dailyCap";

/**
 * What a chat turn takes before it is sent, in the send's transaction (any
 * refusal writes nothing): a user pays 3 credits (and, under a configured
 * daily cap, one of the day's messages); a guest takes one of their daily
 * messages and one of the deployment's guest budget, and never touches
 * credits or the ledger. A day's message taken is noted on the reply, so a
 * reply that fails gives it back with its credits.
 */
export async function payForTurn(
  ctx: MutationCtx,
  user: Doc<"users">,
  turn: { debitKey: string; replyId: Id<"chatMessages">; model: CatalogueModel | null; includeContext?: boolean },
): Promise<{ charged: number }> {
  if (isGuest(user)) {
    assertModelAllowed(user, turn.model);
    assertContextAllowed(user, turn.includeContext);
    await noteTaken(ctx, turn.replyId, await takeDailyMessage(ctx, user._id, "guest"));
    await takeGuestBudget(ctx);
    return { charged: 0 };
  }
  const caps = dailyMessageCaps();
  if (caps.free !== null || caps.pro !== null) {
    const { plan } = effectiveUsage(await getUsage(ctx, user._id), Date.now());
    await noteTaken(ctx, turn.replyId, await takeDailyMessage(ctx, user._id, plan));
  }
  const model = turn.model ? { id: turn.model.id, premium: turn.model.tier === "premium" } : undefined;
  return await spend(ctx, user, "chat", turn.debitKey, { type: "message", id: turn.replyId }, model);
}

async function noteTaken(ctx: MutationCtx, replyId: Id<"chatMessages">, taken: TakenMessage | undefined) {
  if (taken) await ctx.db.patch("chatMessages", replyId, { dailyMessage: taken });
}
