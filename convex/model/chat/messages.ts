import type { PaginationOptions, PaginationResult } from "convex/server";
import { internal } from "../../_generated/api";
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { appError, ErrorCode, notFound } from "../../errors";
import type { ChatMessageView, SendResult } from "./validators";
import { CREDIT_COSTS, findLedgerEntry } from "../billing/credits";
import { isGuest } from "../guest/guests";
import { guestChatExpiry } from "../guest/expiry";
import { payForTurn } from "./turnAllowance";
import {
  createSession,
  DEFAULT_SESSION_TITLE,
  getOwnedSession,
  titleFromText,
} from "./sessions";
import { visibleContent } from "./streaming";
import { chatCatalogue, modelForTurn } from "./models";
import { leafOf } from "./tree";
import { assertNotArchived } from "./archive";

export const MAX_MESSAGE_LENGTH = 16_000;
const MAX_REQUEST_ID_LENGTH = 128;

/** Trimmed message text, or EMPTY_MESSAGE / MESSAGE_TOO_LONG. */
export function validMessageText(raw: string): string {
  const text = raw.trim();
  if (text === "") throw appError(ErrorCode.EMPTY_MESSAGE, "Type a message first.");
  if (text.length > MAX_MESSAGE_LENGTH) {
    throw appError(
      ErrorCode.MESSAGE_TOO_LONG,
      `Messages can be at most ${MAX_MESSAGE_LENGTH.toLocaleString("en-US")} characters (this one has ${text.length.toLocaleString("en-US")}).`,
      { max: MAX_MESSAGE_LENGTH, length: text.length },
    );
  }
  return text;
}

export function validRequestId(id: string): string {
  if (id.length < 1 || id.length > MAX_REQUEST_ID_LENGTH) {
    throw appError(ErrorCode.INVALID_ARGUMENT, "The request key is missing or too long.");
  }
  return id;
}

/** One ledger key per user and request: a retried request can never charge twice. */
export const chatDebitKey = (userId: Id<"users">, clientRequestId: string) =>
  `chat:${userId}:${clientRequestId}`;

export async function findByRequestId(ctx: QueryCtx, userId: Id<"users">, clientRequestId: string) {
  return await ctx.db
    .query("chatMessages")
    .withIndex("by_userId_and_clientRequestId", (q) =>
      q.eq("userId", userId).eq("clientRequestId", clientRequestId),
    )
    .first();
}

/** The owner's message, or NOT_FOUND for anything else. */
export async function getOwnedMessage(
  ctx: QueryCtx,
  userId: Id<"users">,
  messageId: Id<"chatMessages">,
): Promise<Doc<"chatMessages">> {
  const message = await ctx.db.get("chatMessages", messageId);
  if (!message || message.userId !== userId) throw notFound("That message");
  // A message outlives its deleted session only until the batch delete reaches it.
  await getOwnedSession(ctx, userId, message.sessionId);
  return message;
}

/** What an earlier send with the same key produced (the debit points at its reply). */
async function replaySend(ctx: QueryCtx, userMessage: Doc<"chatMessages">): Promise<SendResult> {
  const assistantMessageId = await replyOfTurn(ctx, userMessage);
  if (!assistantMessageId) {
    throw appError(ErrorCode.INVALID_ARGUMENT, "That request key was already used.");
  }
  const session = await getOwnedSession(ctx, userMessage.userId, userMessage.sessionId);
  return { sessionId: session._id, displayId: session.displayId, userMessageId: userMessage._id, assistantMessageId };
}

async function replyOfTurn(ctx: QueryCtx, userMessage: Doc<"chatMessages">): Promise<Id<"chatMessages"> | null> {
  if (userMessage.role !== "user" || !userMessage.clientRequestId) return null;
  const debit = await findLedgerEntry(ctx, chatDebitKey(userMessage.userId, userMessage.clientRequestId));
  if (debit?.ref) return debit.ref.id as Id<"chatMessages">;
  // A guest's turn has no debit: its reply is the message the send wrote beside it.
  const written = await ctx.db
    .query("chatMessages")
    .withIndex("by_sessionId_and_createdAt", (q) =>
      q.eq("sessionId", userMessage.sessionId).eq("createdAt", userMessage.createdAt),
    )
    .take(4);
  return written.find((m) => m.role === "assistant" && m._creationTime > userMessage._creationTime)?._id ?? null;
}

export type SendArgs = {
  sessionId?: Id<"chatSessions">;
  text: string;
  clientRequestId: string;
  includeContext: boolean;
  /** A catalogue model id; unset: the chat's model, else the user's default. */
  modelId?: string;
  /** The sending tab's id (model/chat/history.ts). */
  tab?: string;
};

/**
 * One user turn: validate, store the user message and a streaming reply
 * placeholder, pay for it (3 credits; a guest's daily message and budget:
 * model/chat/turnAllowance.ts), and schedule the model call. Any failure
 * (INSUFFICIENT_CREDITS, DAILY_LIMIT, …) aborts the transaction: nothing is written.
 */
export async function sendMessage(
  ctx: MutationCtx,
  user: Doc<"users">,
  args: SendArgs,
): Promise<SendResult> {
  const text = validMessageText(args.text);
  const clientRequestId = validRequestId(args.clientRequestId);
  const previous = await findByRequestId(ctx, user._id, clientRequestId);
  if (previous) return await replaySend(ctx, previous);

  const existing = args.sessionId ? await getOwnedSession(ctx, user._id, args.sessionId) : null;
  if (existing) assertNotArchived(existing);
  const model = modelForTurn(chatCatalogue(), user, args.modelId, existing);
  const session =
    existing ?? (await createSession(ctx, user._id, titleFromText(text), args.includeContext, model?.id));
  const now = Date.now();
  const guest = isGuest(user);
  const debitKey = chatDebitKey(user._id, clientRequestId);
  const common = { sessionId: session._id, userId: user._id, createdAt: now, updatedAt: now };
  // The turn follows the chosen path's newest message (model/chat/tree.ts).
  const parentId = existing ? await leafOf(ctx, existing) : null;
  const userMessageId = await ctx.db.insert("chatMessages", {
    ...common,
    parentId,
    role: "user",
    content: text,
    creditsUsed: 0,
    status: "complete",
    completedAt: now,
    clientRequestId,
    ...(args.tab ? { tab: validRequestId(args.tab) } : {}),
  });
  const assistantMessageId = await ctx.db.insert("chatMessages", {
    ...common,
    parentId: userMessageId,
    role: "assistant",
    content: "",
    creditsUsed: CREDIT_COSTS.chat,
    status: "streaming",
    ...(guest ? {} : { debitKey }),
    includeContext: args.includeContext,
    ...(model ? { modelId: model.id } : {}),
  });
  const { charged } = await payForTurn(ctx, user, {
    debitKey,
    replyId: assistantMessageId,
    model,
    includeContext: args.includeContext,
  });
  if (charged !== CREDIT_COSTS.chat) {
    await ctx.db.patch("chatMessages", assistantMessageId, { creditsUsed: charged });
  }
  const untitled = session.messageCount === 0 && session.title === DEFAULT_SESSION_TITLE;
  await ctx.db.patch("chatSessions", session._id, {
    updatedAt: now,
    messageCount: session.messageCount + 2,
    leafId: assistantMessageId,
    includeContext: args.includeContext,
    ...(model ? { modelId: model.id } : {}),
    ...(untitled ? { title: titleFromText(text) } : {}),
    ...(guest ? { expiresAt: guestChatExpiry(now) } : {}),
  });
  await scheduleReply(ctx, session._id, assistantMessageId);
  return { sessionId: session._id, displayId: session.displayId, userMessageId, assistantMessageId };
}

/**
 * Schedules the model call. Its run id stays on the reply: while the run
 * waits for a free scheduler slot the reply is queued (the UI says so) and
 * the stuck-reply sweeper leaves it alone. The reply becomes the one the
 * chat's watchers follow (`chatLive`).
 */
export async function scheduleReply(ctx: MutationCtx, sessionId: Id<"chatSessions">, messageId: Id<"chatMessages">) {
  const replyJobId = await ctx.scheduler.runAfter(0, internal.chat.generate.generateReply, { messageId });
  await ctx.db.patch("chatMessages", messageId, { replyJobId });
  await ctx.db.patch("chatSessions", sessionId, { liveReplyId: messageId });
}

/** Regenerates a failed reply in place, charging the turn again. */
export async function retryReply(
  ctx: MutationCtx,
  user: Doc<"users">,
  messageId: Id<"chatMessages">,
  rawRequestId: string,
): Promise<{ assistantMessageId: Id<"chatMessages"> }> {
  const message = await getOwnedMessage(ctx, user._id, messageId);
  const clientRequestId = validRequestId(rawRequestId);
  const previous = await findByRequestId(ctx, user._id, clientRequestId);
  if (previous) {
    if (previous._id !== message._id) {
      throw appError(ErrorCode.INVALID_ARGUMENT, "That request key was already used.");
    }
    return { assistantMessageId: message._id };
  }
  if (message.role !== "assistant") throw notFound("That reply");
  assertOnPath(message);
  if (message.status === "streaming") {
    throw appError(ErrorCode.ALREADY_STREAMING, "This reply is still being written.");
  }
  if (message.status !== "error") {
    throw appError(ErrorCode.INVALID_ARGUMENT, "Only a failed reply can be retried.");
  }
  const session = await getOwnedSession(ctx, user._id, message.sessionId);
  assertNotArchived(session);
  const model = modelForTurn(chatCatalogue(), user, undefined, session);
  const debitKey = chatDebitKey(user._id, clientRequestId);
  const { charged } = await payForTurn(ctx, user, {
    debitKey,
    replyId: message._id,
    model,
    includeContext: message.includeContext,
  });
  const now = Date.now();
  const guest = isGuest(user);
  await ctx.db.patch("chatMessages", message._id, {
    content: "",
    status: "streaming",
    error: undefined,
    tokens: undefined,
    model: undefined,
    modelId: model?.id,
    costMicroUsd: undefined,
    provider: undefined,
    creditsUsed: charged,
    debitKey: guest ? undefined : debitKey,
    clientRequestId,
    updatedAt: now,
    completedAt: undefined,
    startedAt: undefined,
  });
  await ctx.db.patch("chatSessions", message.sessionId, {
    updatedAt: now,
    ...(guest ? { expiresAt: guestChatExpiry(now) } : {}),
  });
  await scheduleReply(ctx, message.sessionId, message._id);
  return { assistantMessageId: message._id };
}

/** Only what the chat shows can be acted on: another version was chosen meanwhile (a second click, another tab). */
export function assertOnPath(message: Doc<"chatMessages">) {
  if (message.offPath) {
    throw appError(ErrorCode.VERSION_CHANGED, "That message is no longer shown: another version was chosen.");
  }
}

const PROVIDERS = new Set(["azure", "openai", "offline"]);

/** A streaming reply whose model call has not started: it waits for a free scheduler slot. */
export function isQueued(message: Doc<"chatMessages">): boolean {
  return message.status === "streaming" && message.startedAt === undefined && message.provider === undefined;
}

export function messageView(message: Doc<"chatMessages">): ChatMessageView {
  return {
    _id: message._id,
    role: message.role,
    content: visibleContent(message),
    status: message.status,
    error: message.error,
    creditsUsed: message.creditsUsed,
    tokens: message.tokens,
    model: message.model,
    modelId: message.modelId,
    provider:
      message.provider && PROVIDERS.has(message.provider)
        ? (message.provider as ChatMessageView["provider"])
        : undefined,
    createdAt: message.createdAt,
    ...(message.versionCount && message.versionCount > 1 && message.version
      ? { version: { index: message.version, count: message.versionCount } }
      : {}),
    // Only while it waits (unset reads as not queued).
    ...(isQueued(message) ? { queued: true } : {}),
  };
}

/** A page of the session's messages, newest first (the client reverses them). */
export async function listMessages(
  ctx: QueryCtx,
  sessionId: Id<"chatSessions">,
  paginationOpts: PaginationOptions,
): Promise<PaginationResult<ChatMessageView>> {
  const page = await ctx.db
    .query("chatMessages")
    .withIndex("by_sessionId_and_offPath_and_createdAt", (q) => q.eq("sessionId", sessionId).eq("offPath", undefined))
    .order("desc")
    .paginate(paginationOpts);
  return { ...page, page: page.page.map(messageView) };
}
