import type { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { LiveTextState, type LiveResult } from "../../src/features/chat/lib/live-text";
import { heldText, newerMessage, type HeldTexts, type NewerMessage } from "../../src/features/chat/lib/newer-messages";
import type { ChatMessage, ChatMessageMeta } from "../../src/features/chat/lib/types";

/** A tab as the chat view has it: its id (lib/message-texts.ts TAB_ID) and the texts it sent, by send key. */
export type TestTab = { id: string; sent: Map<string, string> };
export const newTab = (): TestTab => ({ id: crypto.randomUUID(), sent: new Map() });

export type WatchedMessage = { _id: string; role: string; status: string; content: string; clientRequestId?: string; live?: true };

/**
 * The chat view's subscriptions, made as the UI makes them
 * (src/features/chat/hooks/use-conversation.ts, use-live-text.ts): the chat
 * (`sessions.get`) and, read once, its `stats` (the history boundary); the history's first
 * page (usePaginatedQuery's arguments) and the newer messages; the chat's
 * live reply (`chatLive`, held while the chat is open) applied to the row
 * marked `live`, accumulated with the UI's own LiveTextState and gaps
 * filled once with `liveRange`; and `text` for each settled newer
 * message whose text this tab does not have. `tab` is the tab's id and its
 * own sends (send key → text): a test that sends from this tab passes
 * `tab.id` with the send, as the UI does, and records the text in `tab.sent`.
 */
export function watchConversation(client: ConvexClient, sessionId: string, tab: TestTab = newTab()) {
  let history: { page: ChatMessage[] } | undefined;
  let recent: ChatMessageMeta[] | undefined;
  const stops: Array<() => void> = [];
  const texts = new Map<string, { value?: string | null; stop: () => void }>();
  const lives = new Map<string, LiveTextState>();
  /** The reply live results apply to: the row marked `live`, kept after its mark goes until the next. */
  let followed: string | null = null;
  let liveResult: LiveResult | undefined;
  let applied: { id: string; result: LiveResult } | null = null;

  // The chat, subscribed as the chat page does; the boundary read once beside it (use-history-boundary.ts).
  stops.push(client.onUpdate(anyApi.chat.sessions.get, { sessionId }, () => {}));
  let stopped = false;
  void client.query(anyApi.chat.sessions.stats, { sessionId }).then((stats: { updatedAt: number } | null) => {
    if (!stats || stopped) return;
    const boundary = stats.updatedAt;
    stops.push(
      client.onUpdate(
        anyApi.chat.messages.history,
        { sessionId, before: boundary, paginationOpts: { numItems: 30, cursor: null, id: 1 } },
        (value: { page: ChatMessage[] }) => {
          history = value;
          followSoon();
        },
      ),
      client.onUpdate(anyApi.chat.messages.recent, { sessionId, after: boundary, tab: tab.id }, (value: ChatMessageMeta[]) => {
        recent = value;
        followSoon();
      }),
      client.onUpdate(anyApi.chat.messages.chatLive, { sessionId }, (result: LiveResult) => {
        liveResult = result;
        followSoon();
      }),
    );
  });

  const liveOf = (id: string) => {
    let state = lives.get(id);
    if (!state) lives.set(id, (state = new LiveTextState()));
    return state;
  };
  const questions = new Map<string, string>();
  const held: HeldTexts = {
    sent: (key) => tab.sent.get(key),
    question: (id) => questions.get(id),
    rememberQuestion: (id, text) => void questions.set(id, text),
    live: (id) => lives.get(id),
  };
  const newer = () => (recent ?? []).map((meta) => newerMessage(meta, held, liveResult));
  const localText = (m: NewerMessage) => heldText(m, held, followed === m._id);

  // One update's results reach their callbacks one by one: act once all of them are in, as a React render does.
  let pending = false;
  function followSoon() {
    if (pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      follow();
    });
  }

  function follow() {
    // Results and marks of one update arrive together, so the result is about the marked row.
    const rows = newer();
    const marked = rows.find((m) => m.live) ?? (history?.page ?? []).find((m) => m.live);
    if (marked) followed = marked._id;
    if (followed && liveResult !== undefined && (applied?.id !== followed || applied.result !== liveResult)) {
      const id = followed;
      applied = { id, result: liveResult };
      const state = liveOf(id);
      const all = [...(history?.page ?? []), ...rows];
      const settled = !all.some((m) => m._id === id && m.status === "streaming");
      const { gap } = state.receive(liveResult, marked?._id === id, settled);
      if (gap) {
        void client.query(anyApi.chat.messages.liveRange, { messageId: id, ...gap }).then((found: string[] | null) => state.fill(gap.from, found));
      }
    }
    // After the live result is applied (a row whose end came before this tab had all its groups reads its text).
    const wanted = new Set<string>(newer().filter((m) => m.status !== "streaming" && localText(m) === undefined).map((m) => m._id));
    for (const [id, entry] of texts) {
      if (!wanted.has(id)) {
        entry.stop();
        texts.delete(id);
      }
    }
    for (const id of wanted) {
      if (texts.has(id)) continue;
      const entry: { value?: string | null; stop: () => void } = { stop: () => {} };
      texts.set(id, entry);
      entry.stop = client.onUpdate(anyApi.chat.messages.text, { messageId: id }, (value: string | null) => {
        entry.value = value;
      });
    }
  }

  return {
    loaded: () => history !== undefined && recent !== undefined,
    messages(): WatchedMessage[] {
      const streamingText = (m: { _id: string }) => (followed === m._id ? (lives.get(m._id)?.text ?? "") : "");
      const older = [...(history?.page ?? [])].reverse().map((m) => ({ ...m, content: m.status === "streaming" ? streamingText(m) : m.content }));
      const newerRows = newer().map((m) => ({
        ...m,
        content: m.status === "streaming" ? streamingText(m) : (localText(m) ?? texts.get(m._id)?.value ?? ""),
      }));
      return [...older, ...newerRows];
    },
    stop() {
      stopped = true;
      stops.forEach((stop) => stop());
      for (const entry of texts.values()) entry.stop();
    },
  };
}
