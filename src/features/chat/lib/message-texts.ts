import { LiveTextState } from "./live-text";
import type { HeldTexts } from "./newer-messages";

/**
 * Texts this tab already has, so the server need not send them again: what
 * the user sent from here (by send key), the questions rows carried inline
 * and the replies it watched stream (by message id). Kept for the page's
 * lifetime; small next to the DOM holding the same text.
 */
const sent = new Map<string, string>();
const questions = new Map<string, string>();

/**
 * This tab's id, for the page's lifetime: it sends it with what it sends and
 * reads the newer messages with it, so the server gives it the newest
 * question's text only when another tab sent it (convex/model/chat/history.ts).
 * (`getRandomValues`, unlike `randomUUID`, works outside secure contexts too.)
 */
export const TAB_ID = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
const live = new Map<string, LiveTextState>();
const listeners = new Set<() => void>();
let version = 0;

export function rememberSentText(clientRequestId: string, text: string) {
  sent.set(clientRequestId, text.trim());
}

export function sentText(clientRequestId: string | undefined): string | undefined {
  return clientRequestId === undefined ? undefined : sent.get(clientRequestId);
}

/** This tab's texts, as lib/newer-messages.ts reads them. */
export const tabTexts: HeldTexts = {
  sent: (clientRequestId) => sent.get(clientRequestId),
  question: (messageId) => questions.get(messageId),
  rememberQuestion: (messageId, text) => void questions.set(messageId, text),
  live: (messageId) => live.get(messageId),
};

/** The live-text state of one reply (created on first use). */
export function liveState(messageId: string): LiveTextState {
  let state = live.get(messageId);
  if (!state) live.set(messageId, (state = new LiveTextState()));
  return state;
}

export function peekLiveState(messageId: string): LiveTextState | undefined {
  return live.get(messageId);
}

/** Tells subscribers (useSyncExternalStore) that some live text changed. */
export function notifyLiveText() {
  version += 1;
  for (const listener of listeners) listener();
}

export function subscribeLiveText(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export const liveTextVersion = () => version;
