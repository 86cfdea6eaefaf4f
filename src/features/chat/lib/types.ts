import type { Id } from "../../../../convex/_generated/dataModel";

/** A row of api.chat.sessions.list / the result of api.chat.sessions.get. */
export type ChatSession = {
  _id: Id<"chatSessions">;
  displayId: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  includeContext?: boolean;
};

export type MessageStatus = "streaming" | "complete" | "error" | "stopped";

/** A row of api.chat.messages.list (newest first on the wire). */
export type ChatMessage = {
  _id: Id<"chatMessages">;
  role: "user" | "assistant" | "system";
  content: string;
  status: MessageStatus;
  error?: string;
  creditsUsed: number;
  tokens?: { input: number; output: number };
  model?: string;
  provider?: string;
  createdAt: number;
};
