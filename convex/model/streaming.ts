import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { refund } from "./credits";
import type { ModelProvider, ModelUsage } from "./llm";

/**
 * Server side of streaming: a reply's text arrives as small appended
 * `streamChunks` rows (never by rewriting a growing document) and is written
 * to the message once, when the reply ends.
 */

/** Beyond this many chunk rows the action keeps the rest for finalize. */
export const MAX_STREAM_CHUNKS = 8000;
/** A reply still `streaming` this long after it started is dead: sweep it. */
export const STUCK_AFTER_MS = 10 * 60 * 1000;
export const SWEEP_BATCH_SIZE = 100;

export const STUCK_REPLY_ERROR = "The reply took too long and was stopped.";

/** The text streamed so far: the message's chunk rows, in order. */
export async function textSoFar(ctx: QueryCtx, messageId: Id<"chatMessages">): Promise<string> {
  const chunks = await ctx.db
    .query("streamChunks")
    .withIndex("by_messageId_and_seq", (q) => q.eq("messageId", messageId))
    .take(MAX_STREAM_CHUNKS);
  return chunks.map((c) => c.text).join("");
}

export async function deleteChunks(ctx: MutationCtx, messageId: Id<"chatMessages">) {
  const chunks = await ctx.db
    .query("streamChunks")
    .withIndex("by_messageId_and_seq", (q) => q.eq("messageId", messageId))
    .take(MAX_STREAM_CHUNKS);
  for (const chunk of chunks) await ctx.db.delete("streamChunks", chunk._id);
}

/**
 * How a message list shows a streaming reply: "inline" puts the text so far
 * in `content` (simple, but every flush re-sends the whole growing text to
 * each subscriber); "blocks" leaves `content` empty while streaming and the
 * client reads the text through `streamBlock` queries, whose results stop
 * changing once full, so a subscriber receives each byte a bounded number of
 * times.
 */
export type StreamingContentMode = "inline" | "blocks";

/** Chunk rows per block of the block-wise live text. */
export const STREAM_BLOCK_CHUNKS = 16;

/** The reply's visible content: final text, or the text so far while streaming. */
export async function visibleContent(
  ctx: QueryCtx,
  message: Doc<"chatMessages">,
  mode: StreamingContentMode = "inline",
) {
  if (message.status !== "streaming") return message.content;
  return mode === "inline" ? await textSoFar(ctx, message._id) : "";
}

export type StreamBlock = { text: string; chunkCount: number; sealed: boolean; streaming: boolean };

/**
 * Block `block` of a streaming reply's text: chunk rows
 * [block × STREAM_BLOCK_CHUNKS, (block + 1) × STREAM_BLOCK_CHUNKS). A sealed
 * (full) block never changes again while the reply streams; once the reply
 * ends, `streaming` is false and the message itself holds the final text.
 */
export async function streamBlock(
  ctx: QueryCtx,
  message: Doc<"chatMessages">,
  block: number,
): Promise<StreamBlock> {
  if (message.status !== "streaming") return { text: "", chunkCount: 0, sealed: false, streaming: false };
  const from = Math.max(0, Math.floor(block)) * STREAM_BLOCK_CHUNKS;
  const chunks = await ctx.db
    .query("streamChunks")
    .withIndex("by_messageId_and_seq", (q) =>
      q.eq("messageId", message._id).gte("seq", from).lt("seq", from + STREAM_BLOCK_CHUNKS),
    )
    .take(STREAM_BLOCK_CHUNKS);
  return {
    text: chunks.map((c) => c.text).join(""),
    chunkCount: chunks.length,
    sealed: chunks.length === STREAM_BLOCK_CHUNKS,
    streaming: true,
  };
}

async function streamingReply(ctx: QueryCtx, messageId: Id<"chatMessages">) {
  const message = await ctx.db.get("chatMessages", messageId);
  return message && message.status === "streaming" ? message : null;
}

/** Marks the start of generation; false when the reply was stopped or deleted meanwhile. */
export async function startStreaming(
  ctx: MutationCtx,
  messageId: Id<"chatMessages">,
  provider: ModelProvider,
  model: string,
): Promise<boolean> {
  const message = await streamingReply(ctx, messageId);
  if (!message) return false;
  // updatedAt doubles as the start of generation for the stuck-reply sweeper.
  await ctx.db.patch("chatMessages", messageId, { provider, model, updatedAt: Date.now() });
  return true;
}

/** Appends one chunk row; false tells the action to stop reading the model. */
export async function appendChunk(
  ctx: MutationCtx,
  messageId: Id<"chatMessages">,
  seq: number,
  text: string,
): Promise<boolean> {
  const message = await streamingReply(ctx, messageId);
  if (!message) return false;
  await ctx.db.insert("streamChunks", { messageId, seq, text });
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
export async function finalizeReply(ctx: MutationCtx, args: FinalizeArgs): Promise<void> {
  const message = await ctx.db.get("chatMessages", args.messageId);
  if (!message) return;
  const now = Date.now();
  if (message.status !== "streaming") {
    if (message.tokens === undefined && args.tokens && message.status === "stopped") {
      await ctx.db.patch("chatMessages", message._id, { tokens: args.tokens });
    }
    return;
  }
  await deleteChunks(ctx, message._id);
  if (args.outcome === "error") {
    await failReply(ctx, message, args.text, args.error ?? "The reply failed.", args.tokens);
    return;
  }
  const stoppedEmpty = args.outcome === "stopped" && args.text.trim() === "";
  if (stoppedEmpty) await refundReply(ctx, message, "stopped before any text");
  await ctx.db.patch("chatMessages", message._id, {
    content: args.text,
    status: args.outcome,
    tokens: args.tokens,
    updatedAt: now,
    completedAt: now,
    ...(stoppedEmpty ? { creditsUsed: 0 } : {}),
  });
}

async function refundReply(ctx: MutationCtx, message: Doc<"chatMessages">, note: string) {
  if (message.debitKey) await refund(ctx, message.debitKey, note);
}

async function failReply(
  ctx: MutationCtx,
  message: Doc<"chatMessages">,
  text: string,
  error: string,
  tokens?: ModelUsage,
) {
  await refundReply(ctx, message, error);
  const now = Date.now();
  await ctx.db.patch("chatMessages", message._id, {
    content: text,
    status: "error",
    error,
    tokens,
    creditsUsed: 0,
    updatedAt: now,
    completedAt: now,
  });
}

/**
 * Stop: keeps the text the user has seen, ends the reply at once, and
 * refunds it if nothing was produced. The action notices at its next flush.
 */
export async function stopReply(ctx: MutationCtx, message: Doc<"chatMessages">): Promise<void> {
  if (message.status !== "streaming") return;
  const text = await textSoFar(ctx, message._id);
  await finalizeReply(ctx, { messageId: message._id, outcome: "stopped", text });
}

/** Ends replies whose action died: error + refund, keeping any partial text. */
export async function sweepStuckReplies(ctx: MutationCtx, now: number) {
  const stuck = await ctx.db
    .query("chatMessages")
    .withIndex("by_status_and_updatedAt", (q) =>
      q.eq("status", "streaming").lt("updatedAt", now - STUCK_AFTER_MS),
    )
    .take(SWEEP_BATCH_SIZE);
  for (const message of stuck) {
    const text = await textSoFar(ctx, message._id);
    await deleteChunks(ctx, message._id);
    await failReply(ctx, message, text, STUCK_REPLY_ERROR);
  }
  return { swept: stuck.length, more: stuck.length === SWEEP_BATCH_SIZE };
}
