import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { appError, ErrorCode, notFound } from "../../errors";
import { CREDIT_COSTS, findLedgerEntry } from "../billing/credits";
import {
  assertOnPath,
  chatDebitKey,
  findByRequestId,
  getOwnedMessage,
  scheduleReply,
  validMessageText,
  validRequestId,
} from "./messages";
import { chatCatalogue, modelForTurn } from "./models";
import { getOwnedSession } from "./sessions";
import { payForTurn } from "./turnAllowance";
import { addVersion, choose, versionsOf } from "./tree";
import type { VersionResult } from "./validators";
import { assertNotArchived } from "./archive";

/**
 * Regenerate, edit and continue: each adds a version (model/chat/tree.ts)
 * and starts a reply exactly as a send does — 3 credits under the ledger key
 * of the request (payForTurn: the same daily cap), the same premium cap, the same streaming, refunds, sweeper
 * and metering. A request key seen before returns what it started and
 * charges nothing; a message another click already replaced is refused
 * (VERSION_CHANGED), so a double click never pays twice.
 */

/** What an earlier request with this key started. */
async function replay(ctx: MutationCtx, previous: Doc<"chatMessages">): Promise<VersionResult> {
  const debit = previous.clientRequestId
    ? await findLedgerEntry(ctx, chatDebitKey(previous.userId, previous.clientRequestId))
    : null;
  if (!debit?.ref) throw appError(ErrorCode.INVALID_ARGUMENT, "That request key was already used.");
  const assistantMessageId = debit.ref.id as Id<"chatMessages">;
  return previous.role === "user" ? { assistantMessageId, userMessageId: previous._id } : { assistantMessageId };
}

type Start = { message: Doc<"chatMessages">; session: Doc<"chatSessions">; requestId: string; replayed?: VersionResult };

/** The owned message and chat, or the earlier result for a request key seen before. */
async function begin(
  ctx: MutationCtx,
  user: Doc<"users">,
  messageId: Id<"chatMessages">,
  rawRequestId: string,
): Promise<Start> {
  const message = await getOwnedMessage(ctx, user._id, messageId);
  const requestId = validRequestId(rawRequestId);
  const session = await getOwnedSession(ctx, user._id, message.sessionId);
  const previous = await findByRequestId(ctx, user._id, requestId);
  if (previous) return { message, session, requestId, replayed: await replay(ctx, previous) };
  assertNotArchived(session);
  return { message, session, requestId };
}

function settledReply(message: Doc<"chatMessages">) {
  if (message.role !== "assistant") throw notFound("That reply");
  assertOnPath(message);
  if (message.status === "streaming") {
    throw appError(ErrorCode.ALREADY_STREAMING, "This reply is still being written.");
  }
}

/** Charges the new reply as a send does and schedules it. */
async function chargeAndStart(
  ctx: MutationCtx,
  user: Doc<"users">,
  session: Doc<"chatSessions">,
  replyId: Id<"chatMessages">,
  debitKey: string,
  model: ReturnType<typeof modelForTurn>,
  added: number,
) {
  const { charged } = await payForTurn(ctx, user, { debitKey, replyId, model });
  if (charged !== CREDIT_COSTS.chat) await ctx.db.patch("chatMessages", replyId, { creditsUsed: charged });
  await ctx.db.patch("chatSessions", session._id, {
    updatedAt: Date.now(),
    messageCount: session.messageCount + added,
  });
  await scheduleReply(ctx, session._id, replyId);
}

/** Fields of a new streaming reply for this request. */
function replyFields(user: Doc<"users">, session: Doc<"chatSessions">, requestId: string, model: ReturnType<typeof modelForTurn>) {
  const now = Date.now();
  return {
    role: "assistant" as const,
    content: "",
    creditsUsed: CREDIT_COSTS.chat,
    status: "streaming" as const,
    debitKey: chatDebitKey(user._id, requestId),
    clientRequestId: requestId,
    includeContext: session.includeContext ?? false,
    createdAt: now,
    updatedAt: now,
    selectedAt: now,
    ...(model ? { modelId: model.id } : {}),
  };
}

/** A new version of a settled reply, answered again from the same history. */
export async function regenerateReply(
  ctx: MutationCtx,
  user: Doc<"users">,
  messageId: Id<"chatMessages">,
  rawRequestId: string,
): Promise<VersionResult> {
  const { message, session, requestId, replayed } = await begin(ctx, user, messageId, rawRequestId);
  if (replayed) return replayed;
  settledReply(message);
  const model = modelForTurn(chatCatalogue(), user, undefined, session);
  const fields = replyFields(user, session, requestId, model);
  const replyId = await addVersion(ctx, session, message, fields);
  await chargeAndStart(ctx, user, session, replyId, fields.debitKey, model, 1);
  return { assistantMessageId: replyId };
}

/**
 * A new version of a stopped reply that starts with its text and goes on
 * from there. The text is written as the reply's first live group, so it
 * shows at once and a Stop keeps it; only what the model adds counts
 * (stopping before any is refunded).
 */
export async function continueReply(
  ctx: MutationCtx,
  user: Doc<"users">,
  messageId: Id<"chatMessages">,
  rawRequestId: string,
): Promise<VersionResult> {
  const { message, session, requestId, replayed } = await begin(ctx, user, messageId, rawRequestId);
  if (replayed) return replayed;
  settledReply(message);
  if (message.status !== "stopped" || message.content.trim() === "") {
    throw appError(ErrorCode.INVALID_ARGUMENT, "Only a stopped reply with some text can be continued.");
  }
  const model = modelForTurn(chatCatalogue(), user, undefined, session);
  const fields = {
    ...replyFields(user, session, requestId, model),
    continuesId: message._id,
    prefixLength: message.content.length,
  };
  const replyId = await addVersion(ctx, session, message, fields);
  await ctx.db.insert("streamChunks", { messageId: replyId, seq: 0, text: message.content });
  await ctx.db.insert("streamGroups", { messageId: replyId, index: 0, fromSeq: 0, toSeq: 1 });
  await chargeAndStart(ctx, user, session, replyId, fields.debitKey, model, 1);
  return { assistantMessageId: replyId };
}

/**
 * A new version of a user message with new text, and a reply to it: the
 * chat continues from the edit, and the earlier message with everything
 * after it stays reachable as the other version.
 */
export async function editMessage(
  ctx: MutationCtx,
  user: Doc<"users">,
  args: { messageId: Id<"chatMessages">; text: string; clientRequestId: string; tab?: string },
): Promise<VersionResult> {
  const text = validMessageText(args.text);
  const tab = args.tab ? validRequestId(args.tab) : undefined;
  const { message, session, requestId, replayed } = await begin(ctx, user, args.messageId, args.clientRequestId);
  if (replayed) return replayed;
  if (message.role !== "user") throw notFound("That message");
  assertOnPath(message);
  const model = modelForTurn(chatCatalogue(), user, undefined, session);
  const now = Date.now();
  const userMessageId = await addVersion(ctx, session, message, {
    role: "user",
    content: text,
    creditsUsed: 0,
    status: "complete",
    completedAt: now,
    clientRequestId: requestId,
    ...(tab ? { tab } : {}),
    createdAt: now,
    updatedAt: now,
    selectedAt: now,
  });
  const { clientRequestId: _key, selectedAt: _chosen, ...reply } = replyFields(user, session, requestId, model);
  const assistantMessageId = await ctx.db.insert("chatMessages", {
    ...reply,
    sessionId: session._id,
    userId: user._id,
    parentId: userMessageId,
  });
  await ctx.db.patch("chatSessions", session._id, { leafId: assistantMessageId });
  await chargeAndStart(ctx, user, session, assistantMessageId, reply.debitKey, model, 2);
  return { assistantMessageId, userMessageId };
}

/** Shows version `version` (1-based) of a message in place of the one shown; free, and a no-op if already shown. */
export async function showVersion(
  ctx: MutationCtx,
  user: Doc<"users">,
  messageId: Id<"chatMessages">,
  version: number,
): Promise<void> {
  const message = await getOwnedMessage(ctx, user._id, messageId);
  const { siblings, current } = await versionsOf(ctx, message);
  const target = Number.isInteger(version) ? siblings[version - 1] : undefined;
  if (!target) throw appError(ErrorCode.INVALID_ARGUMENT, "That version doesn't exist.");
  if (!current) {
    throw appError(ErrorCode.VERSION_CHANGED, "That message is no longer shown: another version was chosen.");
  }
  if (current._id === target._id) return;
  await choose(ctx, await getOwnedSession(ctx, user._id, message.sessionId), current, target);
}
