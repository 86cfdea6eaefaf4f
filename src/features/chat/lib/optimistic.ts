import type { OptimisticLocalStore } from "convex/browser";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import type { ChatMessage, ChatMessageMeta } from "./types";

/** Ids of messages shown before the server has confirmed them. */
export const OPTIMISTIC_PREFIX = "optimistic:";

export const isOptimisticId = (id: string) => id.startsWith(OPTIMISTIC_PREFIX);

/** The user's message and a typing reply, shown before the server's copy arrives. */
export function placeholderTurn(text: string, createdAt = 0): ChatMessage[] {
  const base = { creditsUsed: 0, createdAt } as const;
  return [
    { ...base, _id: `${OPTIMISTIC_PREFIX}user` as Id<"chatMessages">, role: "user", content: text, status: "complete" },
    { ...base, _id: `${OPTIMISTIC_PREFIX}reply` as Id<"chatMessages">, role: "assistant", content: "", status: "streaming" },
  ];
}

/**
 * Optimistic update for messages.send into an existing chat: the turn joins
 * the chat's newer messages (api.chat.messages.recent). The user's text
 * comes from the tab's own copy, found by the send key (lib/message-texts.ts).
 */
export function addOptimisticTurn(
  store: OptimisticLocalStore,
  args: { sessionId?: Id<"chatSessions">; text: string; clientRequestId: string },
) {
  if (!args.sessionId) return;
  const [user, reply] = placeholderTurn(args.text, Date.now()).map(({ content: _content, ...meta }): ChatMessageMeta => meta);
  for (const { args: queryArgs, value } of store.getAllQueries(api.chat.messages.recent)) {
    if (queryArgs.sessionId !== args.sessionId || value === undefined) continue;
    store.setQuery(api.chat.messages.recent, queryArgs, [...value, { ...user, clientRequestId: args.clientRequestId }, reply]);
  }
}
