import { endingOf, type LiveResult, type LiveTextState } from "./live-text";
import type { ChatMessageMeta, MessageStatus } from "./types";

/**
 * The rows of a chat's newer messages (api.chat.messages.recent) as a tab
 * shows them, from what the tab holds. A row leaves out what it need not
 * carry (convex/model/chat/history.ts): a user message's status; the live
 * reply's status and what else its run settles (whether it waits, its
 * credits, tokens, error, model, provider), which come with `chatLive`'s
 * results; and every text but the newest question's, when short and sent
 * from another tab.
 *
 * Framework-free: the chat view's hook and the test client use the same rules.
 */

export type NewerMessage = ChatMessageMeta & { status: MessageStatus };

/** What a tab holds of its messages' texts. */
export interface HeldTexts {
  /** A text this tab sent, by its send key. */
  sent(clientRequestId: string): string | undefined;
  /** A question a row carried inline (a row does only while it is the newest). */
  question(messageId: string): string | undefined;
  rememberQuestion(messageId: string, text: string): void;
  /** The live text this tab accumulated for a reply. */
  live(messageId: string): LiveTextState | undefined;
}

/**
 * A row with its status: a user message is complete; the live reply streams
 * (or waits for a slot) until its end result says how it ended. `current`
 * is the chat's live result as this render has it, about the marked row
 * (the two come in one update); before it loads, the reply's last known end
 * stands in. Keeps an inline question, which the row stops carrying once a
 * newer one comes.
 */
export function newerMessage(meta: ChatMessageMeta, held: HeldTexts, current: LiveResult | undefined): NewerMessage {
  if (meta.content !== undefined) held.rememberQuestion(meta._id, meta.content);
  if (meta.status) return { ...meta, status: meta.status };
  if (meta.role === "user") return { ...meta, status: "complete" };
  const ending = current !== undefined ? endingOf(current) : (held.live(meta._id)?.ending ?? null);
  if (ending) return { ...meta, ...ending };
  const queued = current != null && "queued" in current;
  return { ...meta, status: "streaming", ...(queued ? { queued: true } : {}) };
}

/**
 * The text this tab already has for a newer message, or undefined when it
 * must read the settled text (`text`). `followed`: the tab follows this
 * reply's live text, so it has it all unless it missed part of it.
 */
export function heldText(m: NewerMessage, held: HeldTexts, followed: boolean): string | undefined {
  if (m.role === "user") return held.question(m._id) ?? (m.clientRequestId ? held.sent(m.clientRequestId) : undefined);
  const live = held.live(m._id);
  if (followed) return live?.final ?? (live?.needsSettled ? undefined : (live?.text ?? ""));
  return live?.final ?? undefined;
}
