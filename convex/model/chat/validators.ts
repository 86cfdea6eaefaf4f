import { v, type Infer } from "convex/values";
import { chatTotalsValidator, messageStatusValidator, tokenUsageValidator } from "../../schema";

/** Shapes the chat API returns; the UI builds against these. */

export const sessionViewValidator = v.object({
  _id: v.id("chatSessions"),
  displayId: v.string(),
  title: v.string(),
  createdAt: v.number(),
  updatedAt: v.number(),
  messageCount: v.number(),
});
export type SessionView = Infer<typeof sessionViewValidator>;

/**
 * One chat as the open chat view subscribes to it: only what changes when the
 * user changes it (title, settings), so a turn never re-sends it. Counters
 * that move with every message are in `sessionStatsValidator`.
 */
export const sessionDetailValidator = v.object({
  _id: v.id("chatSessions"),
  displayId: v.string(),
  title: v.string(),
  createdAt: v.number(),
  includeContext: v.boolean(),
  /** The chat's model (catalogue id); it may since have left the catalogue. */
  modelId: v.optional(v.string()),
  /** Instructions for this chat only (model/chat/instructions.ts). */
  instructions: v.optional(v.string()),
  /** Set while the chat is archived (model/chat/archive.ts). */
  archivedAt: v.optional(v.number()),
});
export type SessionDetail = Infer<typeof sessionDetailValidator>;

/** A chat's activity: read once when the chat opens (its history boundary) and by the info panel while it is open. */
export const sessionStatsValidator = v.object({
  updatedAt: v.number(),
  messageCount: v.number(),
  totals: chatTotalsValidator,
});
export type SessionStats = Infer<typeof sessionStatsValidator>;

export const providerValidator = v.union(
  v.literal("azure"),
  v.literal("openai"),
  v.literal("offline"),
);

export const chatMessageViewValidator = v.object({
  _id: v.id("chatMessages"),
  role: v.union(v.literal("user"), v.literal("assistant"), v.literal("system")),
  /** The final text, or the text so far while the reply is streaming. */
  content: v.string(),
  status: messageStatusValidator,
  error: v.optional(v.string()),
  creditsUsed: v.number(),
  tokens: v.optional(tokenUsageValidator),
  model: v.optional(v.string()),
  /** Catalogue id of the model chosen for this reply. */
  modelId: v.optional(v.string()),
  provider: v.optional(providerValidator),
  createdAt: v.number(),
  /** A streaming reply whose model call has not started: it waits for a free scheduler slot. */
  queued: v.optional(v.boolean()),
  /** Which of its versions this is ("‹ 2 / 3 ›"); unset when it has only one (model/chat/tree.ts). */
  version: v.optional(v.object({ index: v.number(), count: v.number() })),
  /** The streaming reply `chatLive` follows (history and recent only; model/chat/liveText.ts). */
  live: v.optional(v.literal(true)),
});
export type ChatMessageView = Infer<typeof chatMessageViewValidator>;

export const sendResultValidator = v.object({
  sessionId: v.id("chatSessions"),
  displayId: v.string(),
  userMessageId: v.id("chatMessages"),
  assistantMessageId: v.id("chatMessages"),
});
export type SendResult = Infer<typeof sendResultValidator>;

/**
 * A message without its text: what the newer part of a chat carries
 * (model/chat/history.ts). A row changes only when a turn starts, so
 * neither the start nor the end of a reply re-sends the rows.
 */
export const chatMessageMetaValidator = v.object({
  ...chatMessageViewValidator.omit("content", "creditsUsed", "status").fields,
  /**
   * Unset on a user message (always complete) and on the row marked `live`,
   * whose status and what else its run settles (credits, tokens, error,
   * model, provider, whether it waits) come with `chatLive`'s results.
   */
  status: v.optional(messageStatusValidator),
  /** Unset on a user message (a turn's credits are on its reply) and on the live reply. */
  creditsUsed: v.optional(v.number()),
  /** The newest question's text, when short and another tab sent it (model/chat/history.ts). */
  content: v.optional(v.string()),
  /** A user message's send key: the tab that sent it already has its text. */
  clientRequestId: v.optional(v.string()),
});
export type ChatMessageMeta = Infer<typeof chatMessageMetaValidator>;

/** How a reply ended, as `chatLive`'s end result gives it. */
export const endedStatusValidator = v.union(v.literal("complete"), v.literal("error"), v.literal("stopped"));

/** A watcher's live text (model/chat/liveText.ts). */
export const liveTextValidator = v.union(
  v.null(),
  v.object({ queued: v.literal(true) }),
  v.object({ group: v.number(), text: v.string() }),
  v.object({
    sealed: v.number(),
    tail: v.string(),
    status: endedStatusValidator,
    creditsUsed: v.number(),
    tokens: v.optional(tokenUsageValidator),
    error: v.optional(v.string()),
    model: v.optional(v.string()),
    provider: v.optional(providerValidator),
  }),
);
export type LiveText = Infer<typeof liveTextValidator>;

/** What a regenerate, edit or continue started (an edit also makes a new user message). */
export const versionResultValidator = v.object({
  assistantMessageId: v.id("chatMessages"),
  userMessageId: v.optional(v.id("chatMessages")),
});
export type VersionResult = Infer<typeof versionResultValidator>;
