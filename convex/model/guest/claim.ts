import { v, type Infer } from "convex/values";
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { internal } from "../../_generated/api";
import { appError, ErrorCode } from "../../errors";
import { ReadBudget } from "../budget";
import { addDailyUsage } from "../chat/metering";
import { nextDisplayId } from "../chat/sessions";
import { findGuest } from "./guests";

/**
 * Sign-up carries a guest's chats over: the guest row is marked claimed and
 * its chats move to the account, in the claim's transaction as far as the
 * batch bounds allow, the rest in scheduled batches. Marking and moving in
 * one transaction is what makes the claim happen once: two tabs signing in
 * at once are serialised, and the second finds the token spent. Claiming
 * writes nothing to credits or the ledger.
 */

/** Usage rows (one per day and model) moved in the claim's transaction. */
const USAGE_ROWS = 200;
/** Chats moved per transaction (each takes a display id from the account's counter). */
const SESSION_BATCH = 100;
/** Messages re-owned per transaction, bounded by count and bytes like the chat delete. */
const MESSAGE_READS = 8_000;
const MESSAGE_BYTES = 6 * 1024 * 1024;
// Checked between pages, so one page may overrun the budget: small pages keep that well under 16 MiB.
const MESSAGE_PAGE = 32;

export const claimResultValidator = v.object({
  /** "claimed": this call moved the chats; "already": this account claimed the token before; "none": the server knows no such guest. */
  status: v.union(v.literal("claimed"), v.literal("already"), v.literal("none")),
  /** Chats moved by this call, with their display id as a guest and in the account. */
  moved: v.array(v.object({ from: v.string(), to: v.string() })),
});
export type ClaimResult = Infer<typeof claimResultValidator>;

export async function claimGuest(ctx: MutationCtx, user: Doc<"users">, token: string): Promise<ClaimResult> {
  const guest = await findGuest(ctx, token);
  if (!guest) return { status: "none", moved: [] };
  if (guest.claimedBy) {
    if (guest.claimedBy === user._id) return { status: "already", moved: [] };
    throw appError(ErrorCode.GUEST_TOKEN_CLAIMED, "These guest chats already moved to another account.");
  }
  if (user.kind === "guest") throw appError(ErrorCode.INVALID_ARGUMENT, "Only an account can claim guest chats.");
  await ctx.db.patch("users", guest._id, { claimedBy: user._id, claimedAt: Date.now() });
  await moveGuestUsage(ctx, guest._id, user._id);
  const { moved, more } = await moveGuestChats(ctx, guest._id, user._id);
  if (more) await ctx.scheduler.runAfter(0, internal.guest.claim.continueClaim, { guestId: guest._id });
  return { status: "claimed", moved };
}

/**
 * The guest's usage by model and day joins the account's (the usage page
 * counts the replies of the chats that moved; no credits were spent on
 * them). A guest lives at most 30 days past its last message, so its rows
 * fit one transaction; any beyond the bound are left to the guest's expiry.
 */
async function moveGuestUsage(ctx: MutationCtx, guestId: Id<"users">, userId: Id<"users">) {
  const rows = await ctx.db
    .query("usageDaily")
    .withIndex("by_userId_and_day_and_modelId", (q) => q.eq("userId", guestId))
    .take(USAGE_ROWS);
  for (const { _id, _creationTime: _created, userId: _guest, day, modelId, ...usage } of rows) {
    await addDailyUsage(ctx, userId, day, modelId, usage);
    await ctx.db.delete("usageDaily", _id);
  }
}

/** One batch: chats first (they appear in the account's sidebar), then their messages. */
export async function moveGuestChats(
  ctx: MutationCtx,
  guestId: Id<"users">,
  userId: Id<"users">,
): Promise<{ moved: ClaimResult["moved"]; more: boolean }> {
  const sessions = await ctx.db
    .query("chatSessions")
    .withIndex("by_userId_and_updatedAt", (q) => q.eq("userId", guestId))
    .order("desc")
    .take(SESSION_BATCH);
  const moved: ClaimResult["moved"] = [];
  for (const session of sessions) {
    // Display ids are per owner: the account gives each chat one of its own.
    const displayId = await nextDisplayId(ctx, userId);
    await ctx.db.patch("chatSessions", session._id, { userId, displayId, expiresAt: undefined });
    moved.push({ from: session.displayId, to: displayId });
  }
  if (sessions.length === SESSION_BATCH) return { moved, more: true };

  const budget = new ReadBudget(MESSAGE_READS, MESSAGE_BYTES);
  while (!budget.exhausted) {
    const page = await ctx.db
      .query("chatMessages")
      .withIndex("by_userId", (q) => q.eq("userId", guestId))
      .take(MESSAGE_PAGE);
    if (page.length === 0) return { moved, more: false };
    for (const message of page) {
      budget.chargeDocument(message, 2);
      await ctx.db.patch("chatMessages", message._id, { userId });
    }
  }
  return { moved, more: true };
}
