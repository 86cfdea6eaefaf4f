import type { FunctionReturnType } from "convex/server";
import type { api } from "../../../../convex/_generated/api";

/** A row of the sidebar list (api.chat.sessions.list). */
export type ChatSession = FunctionReturnType<typeof api.chat.sessions.list>["page"][number];
/** One chat with its settings (api.chat.sessions.get). */
export type SessionDetail = NonNullable<FunctionReturnType<typeof api.chat.sessions.get>>;
/** A message with its text, as the chat view shows it (api.chat.messages.history returns these). */
export type ChatMessage = FunctionReturnType<typeof api.chat.messages.history>["page"][number];
export type MessageStatus = ChatMessage["status"];
/** A newer message without its text (api.chat.messages.recent). */
export type ChatMessageMeta = NonNullable<FunctionReturnType<typeof api.chat.messages.recent>>[number];
