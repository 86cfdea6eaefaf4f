import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { ReadBudget, sizeOf } from "../budget";
import { refund } from "../billing/credits";
import type { ModelProvider, ModelUsage } from "../ai/llm";
import { scheduledRunIsLive } from "../scheduled";
import { groupCount, removeGroups, sealGroup, type GroupSeal } from "./liveText";
import { returnDailyMessage } from "./dailyCap";
import { meterReply } from "./metering";

/**
 * Server side of streaming: a reply's text arrives as small appended
 * `streamChunks` rows (never by rewriting a growing document) and is written
 * to the message once, when the reply ends.
 */

/** Beyond this many chunk rows the action keeps the rest for finalize. */
export const MAX_STREAM_CHUNKS = 8000;
/**
 * A reply `streaming` with no sign of life (start or chunk) for this long is
 * dead: sweep it. A reply whose run still waits for a scheduler slot is
 * queued, not dead, however long it waits.
 */
export const STUCK_AFTER_MS = 10 * 60 * 1000;
/**
 * What one sweep transaction may read. A dead reply's chunks are read once
 * and deleted (a second read each), so even a reply at MAX_STREAM_CHUNKS
 * (16,000 reads) fits in one run, with room under Convex's 32,000.
 */
export const SWEEP_MAX_READS = 20_000;
export const SWEEP_MAX_BYTES = 8 * 1024 * 1024;

export const STUCK_REPLY_ERROR = "The reply took too long and was stopped.";

export async function deleteChunks(ctx: MutationCtx, messageId: Id<"chatMessages">) {
  await removeChunks(ctx, messageId);
}

type Removed = { text: string; bytes: number; sealedLength: number };

/**
 * Deletes a reply's chunk and group rows, reading each once; returns the
 * chunks' text in order and how much of it watchers had as live text.
 */
async function removeChunks(ctx: MutationCtx, messageId: Id<"chatMessages">): Promise<Removed> {
  const chunks = await ctx.db
    .query("streamChunks")
    .withIndex("by_messageId_and_seq", (q) => q.eq("messageId", messageId))
    .take(MAX_STREAM_CHUNKS);
  let bytes = 0;
  for (const chunk of chunks) {
    bytes += sizeOf(chunk);
    await ctx.db.delete("streamChunks", chunk._id);
  }
  const { sealedLength } = await removeGroups(ctx, messageId, new Map(chunks.map((c) => [c.seq, c.text.length])));
  return { text: chunks.map((c) => c.text).join(""), bytes, sealedLength };
}

/** The reply's newest chunk row: its seq tells how many there are (seqs start at 0, no gaps). */
export async function lastChunk(ctx: QueryCtx, messageId: Id<"chatMessages">) {
  return await ctx.db
    .query("streamChunks")
    .withIndex("by_messageId_and_seq", (q) => q.eq("messageId", messageId))
    .order("desc")
    .first();
}

/** Reads a deleting caller makes for a streaming reply's chunk and group rows: each read, then deleted. */
export async function chunkReadCost(ctx: QueryCtx, messageId: Id<"chatMessages">): Promise<number> {
  const last = await lastChunk(ctx, messageId);
  return (last ? 2 * (last.seq + 1) : 0) + 2 * (await groupCount(ctx, messageId));
}

/**
 * The reply's content as a message list shows it: the final text, or nothing
 * while it streams — watchers read live text through `chatLive` (liveText.ts),
 * so a list never reads chunk rows and never re-sends growing text.
 */
export function visibleContent(message: Doc<"chatMessages">): string {
  return message.status === "streaming" ? "" : message.content;
}

async function streamingReply(ctx: QueryCtx, messageId: Id<"chatMessages">) {
  const message = await ctx.db.get("chatMessages", messageId);
  return message && message.status === "streaming" ? message : null;
}

/** Who answers a reply: recorded when generation starts. */
export type StreamStart = { provider: ModelProvider; model: string };

/** Marks the start of generation. */
async function markStarted(ctx: MutationCtx, messageId: Id<"chatMessages">, { provider, model }: StreamStart) {
  // updatedAt is the reply's last sign of life for the stuck-reply sweeper.
  const now = Date.now();
  await ctx.db.patch("chatMessages", messageId, { provider, model, startedAt: now, updatedAt: now });
}

/**
 * Appends one chunk row (none when `text` is empty), and with `seal` closes
 * a group of rows for watchers; false tells the action to stop reading the
 * model. The first write also marks the start of generation (`start`): a
 * write to the reply that every watcher's queries read, so made together
 * with the first group it costs watchers no update of its own.
 */
export async function appendChunk(
  ctx: MutationCtx,
  messageId: Id<"chatMessages">,
  seq: number,
  text: string,
  seal?: GroupSeal,
  start?: StreamStart,
): Promise<boolean> {
  const message = await streamingReply(ctx, messageId);
  if (!message) return false;
  if (start && message.startedAt === undefined) await markStarted(ctx, messageId, start);
  if (text !== "") await ctx.db.insert("streamChunks", { messageId, seq, text });
  if (seal) await sealGroup(ctx, messageId, seal);
  return true;
}

export type FinalizeArgs = {
  messageId: Id<"chatMessages">;
  outcome: "complete" | "error" | "stopped";
  text: string;
  error?: string;
  tokens?: ModelUsage;
};

/**
 * Writes the reply's full text once, with its usage and status, and deletes
 * its chunks. A failed reply is refunded (exactly once: `refund` is keyed by
 * the debit). A reply already ended by Stop or the sweeper only gains its
 * token counts.
 */
export async function finalizeReply(ctx: MutationCtx, args: FinalizeArgs, removed?: Removed): Promise<void> {
  const message = await ctx.db.get("chatMessages", args.messageId);
  if (!message) return;
  const now = Date.now();
  if (message.status !== "streaming") {
    if (message.tokens === undefined && args.tokens && message.status === "stopped") {
      await ctx.db.patch("chatMessages", message._id, { tokens: args.tokens });
      // Stop already counted the reply and its credits; only its tokens are new.
      await meterReply(ctx, message, { tokens: args.tokens, credits: 0, answered: false });
    }
    return;
  }
  const { sealedLength } = removed ?? (await removeChunks(ctx, message._id));
  if (args.outcome === "error") {
    await failReply(ctx, message, args.text, args.error ?? "The reply failed.", args.tokens, sealedLength);
    await meterReply(ctx, message, { tokens: args.tokens, credits: 0, answered: false });
    return;
  }
  // A continued reply starts with text it did not write: only what it added counts.
  const stoppedEmpty = args.outcome === "stopped" && args.text.slice(message.prefixLength ?? 0).trim() === "";
  if (stoppedEmpty) await refundReply(ctx, message, "stopped before any text");
  await ctx.db.patch("chatMessages", message._id, {
    content: args.text,
    status: args.outcome,
    tokens: args.tokens,
    updatedAt: now,
    completedAt: now,
    sealedLength,
    ...(stoppedEmpty ? { creditsUsed: 0, dailyMessage: undefined } : {}),
  });
  await meterReply(ctx, message, {
    tokens: args.tokens,
    credits: stoppedEmpty ? 0 : message.creditsUsed,
    answered: !stoppedEmpty,
  });
}

/** Refunds the turn: its credits, and the day's message it took under a daily cap (its caller clears `dailyMessage`). */
async function refundReply(ctx: MutationCtx, message: Doc<"chatMessages">, note: string) {
  if (message.debitKey) await refund(ctx, message.debitKey, note);
  if (message.dailyMessage) await returnDailyMessage(ctx, message.userId, message.dailyMessage);
}

async function failReply(
  ctx: MutationCtx,
  message: Doc<"chatMessages">,
  text: string,
  error: string,
  tokens: ModelUsage | undefined,
  sealedLength: number,
) {
  await refundReply(ctx, message, error);
  const now = Date.now();
  await ctx.db.patch("chatMessages", message._id, {
    content: text,
    status: "error",
    error,
    tokens,
    creditsUsed: 0,
    dailyMessage: undefined,
    updatedAt: now,
    completedAt: now,
    sealedLength,
  });
}

/**
 * Stop: keeps the text the user has seen, ends the reply at once, and
 * refunds it if nothing was produced. The action notices at its next flush.
 */
export async function stopReply(ctx: MutationCtx, message: Doc<"chatMessages">): Promise<void> {
  if (message.status !== "streaming") return;
  const removed = await removeChunks(ctx, message._id);
  await finalizeReply(ctx, { messageId: message._id, outcome: "stopped", text: removed.text }, removed);
}

/**
 * Ends replies whose action died: error + refund, keeping any partial text.
 * A reply counts as dead only when neither its start nor its newest chunk is
 * within STUCK_AFTER_MS, and its run is not still waiting for a scheduler
 * slot; a live one found in the window has its `updatedAt` moved to its
 * newest chunk (or, while queued, to now), so it leaves the window until it
 * falls silent.
 * Each run stops at its read budget (whole replies only) and reports `more`,
 * so the caller continues in a new transaction instead of failing a limit.
 */
export async function sweepStuckReplies(ctx: MutationCtx, now: number) {
  const budget = new ReadBudget(SWEEP_MAX_READS, SWEEP_MAX_BYTES);
  const silentSince = now - STUCK_AFTER_MS;
  const candidates = await ctx.db
    .query("chatMessages")
    .withIndex("by_status_and_updatedAt", (q) => q.eq("status", "streaming").lt("updatedAt", silentSince))
    .take(SWEEP_CANDIDATES);
  let swept = 0;
  let revived = 0;
  for (const message of candidates) {
    budget.chargeDocument(message);
    if (await waitingForSlot(ctx, message)) {
      await ctx.db.patch("chatMessages", message._id, { updatedAt: now });
      budget.charge(2, 2 * sizeOf(message));
      revived += 1;
      continue;
    }
    const last = await lastChunk(ctx, message._id);
    if (last) budget.chargeDocument(last);
    if (last && last._creationTime >= silentSince) {
      await ctx.db.patch("chatMessages", message._id, { updatedAt: last._creationTime });
      budget.chargeDocument(message);
      revived += 1;
    } else {
      const chunkReads = (last ? 2 * (last.seq + 1) : 0) + 2 * (await groupCount(ctx, message._id));
      // A whole reply or nothing: half-swept replies would need a resumable state.
      if (!budget.allows(chunkReads + 2 + REFUND_READS)) return { swept, revived, more: true };
      const { text, bytes, sealedLength } = await removeChunks(ctx, message._id);
      budget.charge(chunkReads, 2 * bytes);
      await failReply(ctx, message, text, STUCK_REPLY_ERROR, undefined, sealedLength);
      budget.charge(REFUND_READS, 0);
      swept += 1;
    }
    if (budget.exhausted || !budget.allows(REFUND_READS + 4)) return { swept, revived, more: true };
  }
  return { swept, revived, more: candidates.length === SWEEP_CANDIDATES };
}

/** Not started yet, and its scheduled run is still in line (or just starting). */
async function waitingForSlot(ctx: QueryCtx, message: Doc<"chatMessages">): Promise<boolean> {
  const started = message.startedAt !== undefined || message.provider !== undefined;
  return !started && (await scheduledRunIsLive(ctx, message.replyJobId));
}

/** Streaming replies examined per run (their documents are small: no content yet). */
export const SWEEP_CANDIDATES = 200;

/** Upper bound on the documents a refund reads (debit, refund key, usage row, the message patch, the day's count). */
const REFUND_READS = 12;
