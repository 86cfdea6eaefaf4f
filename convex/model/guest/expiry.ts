import type { Doc } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { internal } from "../../_generated/api";
import { resetDailyCount } from "../chat/dailyCap";

/**
 * Guest chats are kept 30 days after their last message. A cron deletes
 * the expired ones in bounded batches: each run removes up to
 * EXPIRE_BATCH chats (their messages go through the chat delete's own
 * batched path, one scheduled transaction per chat), then guests gone
 * quiet for 30 days with no chat left.
 */

export const GUEST_CHAT_TTL_MS = 30 * 86_400_000;
/** Chats per run: each schedules its message deletion (Convex allows 1,000 schedules per transaction). */
export const EXPIRE_BATCH = 100;
const GUEST_BATCH = 50;
/** A guest's usage rows removed with it; more (a very long-lived guest) wait for the next run. */
const USAGE_ROWS_PER_GUEST = 100;

export const guestChatExpiry = (lastMessageAt: number) => lastMessageAt + GUEST_CHAT_TTL_MS;

/** One run; true when more expired chats or guests remain for another run. */
export async function expireGuestData(ctx: MutationCtx, now: number): Promise<boolean> {
  const expired = await ctx.db
    .query("chatSessions")
    .withIndex("by_expiresAt", (q) => q.gte("expiresAt", 0).lte("expiresAt", now))
    .take(EXPIRE_BATCH);
  for (const session of expired) {
    await ctx.db.delete("chatSessions", session._id);
    await ctx.scheduler.runAfter(0, internal.chat.sessions.deleteMessages, { sessionId: session._id });
  }
  if (expired.length === EXPIRE_BATCH) return true;

  const quiet = await ctx.db
    .query("users")
    .withIndex("by_kind_and_lastSeenAt", (q) => q.eq("kind", "guest").lt("lastSeenAt", now - GUEST_CHAT_TTL_MS))
    .take(GUEST_BATCH);
  for (const guest of quiet) await forgetGuest(ctx, guest);
  return quiet.length === GUEST_BATCH;
}

/** Deletes a quiet guest with nothing left to keep: its row, counters, usage rows and daily count. */
async function forgetGuest(ctx: MutationCtx, guest: Doc<"users">): Promise<void> {
  const chat = await ctx.db
    .query("chatSessions")
    .withIndex("by_userId_and_updatedAt", (q) => q.eq("userId", guest._id))
    .first();
  if (chat) {
    // A chat still within its 30 days keeps the guest; it expires on its own.
    if ((chat.expiresAt ?? Infinity) > Date.now()) await ctx.db.patch("users", guest._id, { lastSeenAt: chat.updatedAt });
    return;
  }
  const usage = await ctx.db
    .query("usageDaily")
    .withIndex("by_userId_and_day_and_modelId", (q) => q.eq("userId", guest._id))
    .take(USAGE_ROWS_PER_GUEST + 1);
  for (const row of usage.slice(0, USAGE_ROWS_PER_GUEST)) await ctx.db.delete("usageDaily", row._id);
  if (usage.length > USAGE_ROWS_PER_GUEST) return;
  const counters = await ctx.db
    .query("counters")
    .withIndex("by_userId_and_name", (q) => q.eq("userId", guest._id))
    .take(10);
  for (const counter of counters) await ctx.db.delete("counters", counter._id);
  await resetDailyCount(ctx, guest._id);
  await ctx.db.delete("users", guest._id);
}
