import type { FunctionReturnType } from "convex/server";
import type { api } from "../../../../convex/_generated/api";

/** A row of the sidebar list (api.chat.sessions.list). */
export type ChatSession = FunctionReturnType<typeof api.chat.sessions.list>["page"][number];
/** One chat with its settings (api.chat.sessions.get). */
export type SessionDetail = NonNullable<FunctionReturnType<typeof api.chat.sessions.get>>;
/** A message as the list query returns it (newest first on the wire). */
export type ChatMessage = FunctionReturnType<typeof api.chat.messages.list>["page"][number];
export type MessageStatus = ChatMessage["status"];
