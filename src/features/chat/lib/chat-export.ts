import type { ConvexReactClient } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";

type ExportPage = FunctionReturnType<typeof api.exports.chatPage>;
export type ChatExport = { session: ExportPage["session"]; messages: ExportPage["messages"] };

/** Most pages one export walks: 200 pages of up to 200 messages each. */
const MAX_PAGES = 200;

/** The whole chat, read one bounded page at a time (one-shot queries, not subscriptions). */
export async function fetchChatExport(convex: Pick<ConvexReactClient, "query">, sessionId: Id<"chatSessions">): Promise<ChatExport> {
  const messages: ExportPage["messages"] = [];
  let session: ExportPage["session"] | null = null;
  let cursor: string | null = null;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page: ExportPage = await convex.query(api.exports.chatPage, { sessionId, cursor });
    session = page.session;
    messages.push(...page.messages);
    if (page.isDone) break;
    cursor = page.continueCursor;
  }
  return { session: session!, messages };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The chat as Markdown: a heading, then each message under its speaker, text as written. */
export function chatToMarkdown({ session, messages }: ChatExport): string {
  const lines = [`# ${session.title}`, "", `${session.displayId} · started ${iso(session.createdAt)}`, ""];
  for (const message of messages) {
    const who = message.role === "user" ? "You" : message.role === "assistant" ? "Helm" : "System";
    const model = message.role === "assistant" && message.model ? ` (${message.model})` : "";
    lines.push(`## ${who}${model}`, "", `*${iso(message.createdAt)}*`, "");
    lines.push(message.content || "*(no text)*");
    if (message.status !== "complete") lines.push("", `*[${message.status}${message.error ? `: ${message.error}` : ""}]*`);
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** The chat as JSON, with a format marker so a later import can tell what it reads. */
export function chatToJson({ session, messages }: ChatExport): string {
  return `${JSON.stringify({ format: "helm.chat", version: 1, exportedAt: new Date().toISOString(), chat: session, messages }, null, 2)}\n`;
}
