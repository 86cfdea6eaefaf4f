import { LiveTextState } from "./live-text";

/**
 * Texts this tab already has, so the server need not send them again: what
 * the user sent from here (by send key), and the replies it watched stream
 * (by message id). Kept for the page's lifetime; small next to the DOM
 * holding the same text.
 */
const sent = new Map<string, string>();
const live = new Map<string, LiveTextState>();
const listeners = new Set<() => void>();
let version = 0;

export function rememberSentText(clientRequestId: string, text: string) {
  sent.set(clientRequestId, text.trim());
}

export function sentText(clientRequestId: string | undefined): string | undefined {
  return clientRequestId === undefined ? undefined : sent.get(clientRequestId);
}

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
