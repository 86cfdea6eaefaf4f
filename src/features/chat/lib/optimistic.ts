import type { OptimisticLocalStore } from "convex/browser";
import { insertAtTop } from "convex/react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import type { ChatMessage } from "./types";

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

/** Optimistic update for messages.send into an existing chat. */
export function addOptimisticTurn(
  store: OptimisticLocalStore,
  args: { sessionId?: Id<"chatSessions">; text: string },
) {
  if (!args.sessionId) return;
  // Newest first on the wire: insert the user's message, then the reply above it.
  for (const item of placeholderTurn(args.text, Date.now())) {
    insertAtTop({
      paginatedQuery: api.chat.messages.list,
      argsToMatch: { sessionId: args.sessionId },
      localQueryStore: store,
      item,
    });
  }
}
