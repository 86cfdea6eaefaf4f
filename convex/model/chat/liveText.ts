import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { isQueued, messageView } from "./messages";
import type { LiveText } from "./validators";

/**
 * Live text as watchers receive it. The action writes chunk rows at the
 * PRD's flush rule (10 tokens or 50 ms) and, every so often, seals the rows
 * written since the last seal into a group: a small `streamGroups` row
 * naming the range [fromSeq, toSeq). A watcher's `chatLive` query reads only the
 * newest group and that group's rows — a range no later insert touches — so a
 * plain chunk insert re-runs no watcher's query; each new group does, once,
 * and its result carries only that group's text and its index. A client that
 * missed groups (subscribed mid-reply, reconnected, or had updates merged)
 * asks `liveRange` for them once. When the reply ends, `chatLive` returns the
 * tail after the last group, so a client that followed the reply has the
 * final text without receiving it again.
 *
 * Why groups rather than one update per chunk: Convex sends a Transition to
 * a client each time one of its queries is invalidated (a ~150-250-byte
 * envelope even when the result did not change), so the number of updates,
 * not only their size, sets the bytes on the wire.
 */

/** A group seals no sooner than this after the previous one… */
export const GROUP_MIN_MS = 250;
/** …once it holds this many characters, or once GROUP_MAX_MS have passed. */
export const GROUP_MIN_CHARS = 400;
export const GROUP_MAX_MS = 1500;
/**
 * Groups per reply. Past this, the rest of the reply reaches watchers as the
 * tail when it ends; it keeps a maximal reply's rows (chunks and groups, each
 * read and deleted) within the sweeper's read budget.
 */
export const MAX_STREAM_GROUPS = 1000;

/** Group `index` covers chunk rows [fromSeq, toSeq). */
export type GroupSeal = { index: number; fromSeq: number; toSeq: number };

/**
 * The action's side: decides when the chunk rows written since the last
 * seal become a group. The first group closes at the first flush (the first
 * characters show at once); later ones once GROUP_MIN_MS have passed and
 * GROUP_MIN_CHARS arrived, or GROUP_MAX_MS have passed — so a watcher gets
 * an update every 250 ms to 1.5 s, each carrying a few hundred characters or
 * more, and no envelope per 50-ms flush. Each update costs a ~290-byte
 * envelope, so for a short reply the cadence sets the bytes: with 1.5 s
 * rather than 1 s, a 200-token reply at 15 ms a token reaches a watcher in
 * three updates of text rather than four (README, "Figures on the wire").
 */
export class GroupSealer {
  private index = 0;
  private fromSeq = 0;
  private toSeq = 0;
  private chars = 0;
  private lastSealAt: number;

  constructor(
    private readonly now: () => number = Date.now,
    /** Where a continued reply's own groups start (its stopped text is group 0). */
    start?: { index: number; fromSeq: number },
  ) {
    this.lastSealAt = now();
    if (start) {
      this.index = start.index;
      this.fromSeq = this.toSeq = start.fromSeq;
    }
  }

  /** Chunk row `seq` (of `chars` characters) is being written. */
  wrote(seq: number, chars: number) {
    this.toSeq = seq + 1;
    this.chars += chars;
  }

  /** The seal to write now, if the rows written since the last one are due. */
  sealIfDue(): GroupSeal | undefined {
    if (this.toSeq <= this.fromSeq || this.index >= MAX_STREAM_GROUPS) return undefined;
    const since = this.now() - this.lastSealAt;
    const due = this.index === 0 || since >= GROUP_MAX_MS || (since >= GROUP_MIN_MS && this.chars >= GROUP_MIN_CHARS);
    if (!due) return undefined;
    const seal = { index: this.index, fromSeq: this.fromSeq, toSeq: this.toSeq };
    this.index += 1;
    this.fromSeq = this.toSeq;
    this.chars = 0;
    this.lastSealAt = this.now();
    return seal;
  }

  /** Milliseconds until written rows are due to be sealed even with no new text; null if none wait. */
  msUntilDue(): number | null {
    if (this.toSeq <= this.fromSeq || this.index >= MAX_STREAM_GROUPS) return null;
    return Math.max(0, GROUP_MAX_MS - (this.now() - this.lastSealAt));
  }
}

/**
 * What a watcher's `chatLive` query returns (validators.ts): `{queued}`
 * while the reply waits for a scheduler slot, null once it runs with
 * nothing sealed yet; then its newest group; once it ended, how much of its
 * text the groups held (`sealed`, -1 when a client cannot rebuild the text
 * from them), the tail after that, and what its run settled (status,
 * credits, tokens, error, model, provider). Its row in `recent` leaves all
 * of that out, so neither the start nor the end of a reply re-sends a row.
 * Every field is needed: a short reply is mostly envelope, so each byte of
 * a result shows in its ratio (the shapes tell themselves apart by their
 * fields).
 */
export type { LiveText };

/** The chunk-row texts of [fromSeq, toSeq), in order. */
async function chunkTexts(ctx: QueryCtx, messageId: Id<"chatMessages">, fromSeq: number, toSeq: number) {
  const rows = await ctx.db
    .query("streamChunks")
    .withIndex("by_messageId_and_seq", (q) => q.eq("messageId", messageId).gte("seq", fromSeq).lt("seq", toSeq))
    .take(Math.max(0, toSeq - fromSeq));
  return rows;
}

/** Inserts the group row that seals chunk rows [seal.fromSeq, seal.toSeq). */
export async function sealGroup(ctx: MutationCtx, messageId: Id<"chatMessages">, seal: GroupSeal) {
  if (seal.index >= MAX_STREAM_GROUPS || seal.toSeq <= seal.fromSeq) return;
  await ctx.db.insert("streamGroups", { messageId, index: seal.index, fromSeq: seal.fromSeq, toSeq: seal.toSeq });
}

export async function newestGroup(ctx: QueryCtx, messageId: Id<"chatMessages">) {
  return await ctx.db
    .query("streamGroups")
    .withIndex("by_messageId_and_index", (q) => q.eq("messageId", messageId))
    .order("desc")
    .first();
}

/** The newest group's text while the reply streams; once it has ended, the tail after the live text. */
async function liveText(ctx: QueryCtx, message: Doc<"chatMessages">): Promise<LiveText> {
  if (message.status !== "streaming") {
    const { creditsUsed, tokens, error, model, provider } = messageView(message);
    const ending = {
      status: message.status,
      creditsUsed,
      ...(tokens ? { tokens } : {}),
      ...(error ? { error } : {}),
      ...(model ? { model } : {}),
      ...(provider ? { provider } : {}),
    };
    const sealed = message.sealedLength ?? -1;
    if (sealed < 0 || sealed > message.content.length) return { sealed: -1, tail: "", ...ending };
    return { sealed, tail: message.content.slice(sealed), ...ending };
  }
  const group = await newestGroup(ctx, message._id);
  if (!group) return isQueued(message) ? { queued: true } : null;
  const rows = await chunkTexts(ctx, message._id, group.fromSeq, group.toSeq);
  return { group: group.index, text: rows.map((r) => r.text).join("") };
}

/**
 * The chat's live reply — the one that streams, or last streamed
 * (`liveReplyId`, set when a reply is scheduled) — as `liveText` gives it.
 * A chat view subscribes once, for as long as it is open, so a reply costs
 * a watcher no subscription and unsubscription of its own (each is a
 * Transition). Which message the result is about is the row the lists mark
 * `live` in the same update; a view that finds no marked row (the reply
 * ended before it opened) has the text in its history and ignores it.
 */
export async function chatLiveText(ctx: QueryCtx, session: Doc<"chatSessions">): Promise<LiveText> {
  if (!session.liveReplyId) return null;
  const message = await ctx.db.get("chatMessages", session.liveReplyId);
  return message ? await liveText(ctx, message) : null;
}

/** Whether `message` is the chat's live reply while it streams (the history marks it `live` until then). */
export function isLiveReply(session: Doc<"chatSessions">, message: Doc<"chatMessages">): boolean {
  return message.status === "streaming" && session.liveReplyId === message._id;
}

/** Groups fromGroup..toGroup's texts (a client filling a gap); null once the reply has ended. */
export async function liveRange(
  ctx: QueryCtx,
  message: Doc<"chatMessages">,
  fromGroup: number,
  toGroup: number,
): Promise<string[] | null> {
  if (message.status !== "streaming") return null;
  const groups = await ctx.db
    .query("streamGroups")
    .withIndex("by_messageId_and_index", (q) =>
      q.eq("messageId", message._id).gte("index", fromGroup).lte("index", toGroup),
    )
    .take(MAX_STREAM_GROUPS);
  if (groups.length === 0) return [];
  const rows = await chunkTexts(ctx, message._id, groups[0].fromSeq, groups.at(-1)!.toSeq);
  return groups.map((g) => rows.filter((r) => r.seq >= g.fromSeq && r.seq < g.toSeq).map((r) => r.text).join(""));
}

/**
 * Deletes a reply's group rows, reading each once; returns how many
 * characters of its chunk text they covered (the live text watchers got).
 */
export async function removeGroups(
  ctx: MutationCtx,
  messageId: Id<"chatMessages">,
  chunkLengths: Map<number, number>,
): Promise<{ sealedLength: number; count: number }> {
  const groups = await ctx.db
    .query("streamGroups")
    .withIndex("by_messageId_and_index", (q) => q.eq("messageId", messageId))
    .take(MAX_STREAM_GROUPS);
  let sealedTo = 0;
  for (const group of groups) {
    sealedTo = Math.max(sealedTo, group.toSeq);
    await ctx.db.delete("streamGroups", group._id);
  }
  let sealedLength = 0;
  for (const [seq, length] of chunkLengths) if (seq < sealedTo) sealedLength += length;
  return { sealedLength, count: groups.length };
}

/** Group rows of a reply (each read, then deleted, by a deleting caller). */
export async function groupCount(ctx: QueryCtx, messageId: Id<"chatMessages">): Promise<number> {
  const newest = await newestGroup(ctx, messageId);
  return newest ? newest.index + 1 : 0;
}
