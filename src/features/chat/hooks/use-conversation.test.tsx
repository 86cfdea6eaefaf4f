import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { CreditGuardContext } from "@/components/credits/use-credit-guard";
import { queryResults, resetFakeConvex } from "@/test/fake-convex";
import type { Id } from "../../../../convex/_generated/dataModel";
import { useConversation } from "./use-conversation";

vi.mock("convex/react", async () => (await import("@/test/fake-convex")).fakeConvexReact());

const sessionId = "chat-1" as Id<"chatSessions">;
// Rows as api.chat.messages.recent sends them (convex/model/chat/history.ts): a user row has no status,
// and the chat's live reply has no status, tokens or error (they come with chatLive's end result).
const question = { _id: "m-question", role: "user", createdAt: 1, clientRequestId: "elsewhere" } as const;
// The tab's live-text store lives as long as the page: each test has a reply of its own.
let replies = 0;
let reply: { _id: string; role: "assistant"; createdAt: number; modelId: string };

function wrapper({ children }: { children: ReactNode }) {
  return <CreditGuardContext.Provider value={{ balance: undefined, show: () => {} }}>{children}</CreditGuardContext.Provider>;
}

beforeEach(() => {
  replies += 1;
  reply = { _id: `m-reply-${replies}`, role: "assistant", createdAt: 1, modelId: "offline-fast" };
  resetFakeConvex();
  queryResults.set("chat/messages:history", []);
});

type Row = Record<string, unknown>;
type Update = { rows?: Row[]; live?: unknown; text?: string };

/** Sets what the server answers (the newer rows, the chat's live text, a settled text). */
function answer({ rows, live, text }: Update) {
  if (rows) queryResults.set("chat/messages:recent", rows);
  if (live !== undefined) queryResults.set("chat/messages:chatLive", live);
  if (text !== undefined) queryResults.set("chat/messages:text", text);
}

/** Opens the chat while the reply is the live one (its row marked) with this live result; then updates arrive one by one. */
function openWhileStreaming(live: unknown, rows: Row[] = [question, { ...reply, live: true }]) {
  answer({ rows, live });
  const { result, rerender } = renderHook(() => useConversation(sessionId, 0), { wrapper });
  return {
    result,
    shown: () => result.current.messages.at(-1),
    update: (next: Update) => {
      answer(next);
      act(() => rerender());
    },
  };
}

const tokens = { input: 12, output: 5 };
const ended = (sealed: number, tail: string) => ({ sealed, tail, status: "complete", creditsUsed: 3, tokens, provider: "offline" });
/** The rows once the next turn has taken the mark: the reply shows its own status. */
const settledRows = () => [question, { ...reply, status: "complete", creditsUsed: 3, tokens }];

describe("useConversation", () => {
  test("a reply with a gap this tab could not fill keeps what it showed until the settled text arrives", () => {
    const chat = openWhileStreaming({ group: 0, text: "The whole" });
    expect(chat.shown()).toMatchObject({ status: "streaming", content: "The whole" });
    // Group 1 was missed and the reply ended before it could be fetched: the end result alone says so.
    chat.update({ live: ended(40, " and the rest.") });
    expect(chat.shown()).toMatchObject({ status: "complete", tokens, content: "The whole" });
    chat.update({ text: "The whole reply, from its first word and the rest." });
    expect(chat.shown()).toMatchObject({ content: "The whole reply, from its first word and the rest." });
  });

  test("a reply whose start this tab missed shows its settled text once it ends, not an empty bubble", () => {
    // The tab opened the chat as the reply ended: the live end result says groups were sealed that it never got.
    const chat = openWhileStreaming(ended(40, " and the rest."));
    expect(chat.shown()).toMatchObject({ _id: reply._id, status: "complete", content: "" });
    // The settled text is read once.
    chat.update({ text: "The whole reply, from its first word and the rest." });
    expect(chat.shown()).toMatchObject({
      _id: reply._id,
      status: "complete",
      content: "The whole reply, from its first word and the rest.",
    });
  });

  test("results about a reply this tab does not list never touch the one it followed", () => {
    const chat = openWhileStreaming({ group: 0, text: "Mine" });
    chat.update({ live: ended(4, " only.") });
    expect(chat.shown()).toMatchObject({ content: "Mine only." });
    // Another tab retries an older reply this tab has not loaded: the mark leaves this reply, and the chat's
    // live text is now about that one.
    chat.update({ rows: settledRows(), live: null });
    chat.update({ live: { group: 0, text: "Someone else's" } });
    chat.update({ live: ended(14, " words.") });
    expect(chat.shown()).toMatchObject({ status: "complete", content: "Mine only." });
  });

  test("a reply whose live text moved to another reply before it ended reads its settled text", () => {
    const chat = openWhileStreaming({ group: 0, text: "Half of" });
    // Another tab started a reply elsewhere in the chat: this one loses its mark while it still streams…
    chat.update({ rows: [question, { ...reply, status: "streaming" }], live: { group: 0, text: "Other" } });
    expect(chat.shown()).toMatchObject({ content: "Half of" });
    // …and ends without its end result reaching this tab: the settled text is read.
    chat.update({ rows: settledRows(), text: "Half of it, then the rest." });
    expect(chat.shown()).toMatchObject({ status: "complete", content: "Half of it, then the rest." });
  });

  test("a reply this tab followed from its first group ends with its live text, without reading it again", () => {
    const chat = openWhileStreaming({ group: 0, text: "Hello" });
    expect(chat.shown()).toMatchObject({ content: "Hello" });
    expect(chat.result.current.streaming?._id).toBe(reply._id);
    // Were the settled text read, the bubble would show this instead.
    chat.update({ live: ended(5, " world"), text: "A settled copy" });
    expect(chat.shown()).toMatchObject({ status: "complete", tokens, content: "Hello world" });
    expect(chat.result.current.streaming).toBeUndefined();
  });

  test("a live reply's failure comes with its end result: the row shows the error, and a retry streams it again", () => {
    const chat = openWhileStreaming({ group: 0, text: "Par" });
    chat.update({ live: { sealed: 3, tail: "", status: "error", error: "The model is unavailable.", creditsUsed: 0 } });
    expect(chat.shown()).toMatchObject({ status: "error", error: "The model is unavailable.", creditsUsed: 0, content: "Par" });
    // Retried: the same row, still marked; it waits for a slot, and its status says so in the same render.
    chat.update({ live: { queued: true } });
    expect(chat.shown()).toMatchObject({ status: "streaming", queued: true, content: "" });
    expect(chat.shown()).not.toHaveProperty("error");
    expect(chat.result.current.streaming?._id).toBe(reply._id);
    chat.update({ live: { group: 0, text: "Second try" } });
    expect(chat.shown()).toMatchObject({ status: "streaming", content: "Second try" });
    expect(chat.shown()).not.toHaveProperty("queued");
  });

  test("a retry that ran to its end between two updates shows its own text, not the failed one's", () => {
    const chat = openWhileStreaming({ group: 0, text: "Par" });
    chat.update({ live: { sealed: 3, tail: "", status: "error", error: "The model is unavailable.", creditsUsed: 0 } });
    expect(chat.shown()).toMatchObject({ status: "error", content: "Par" });
    chat.update({ live: ended(20, " and a whole answer."), text: "A retried, whole answer." });
    expect(chat.shown()).toMatchObject({ status: "complete", content: "A retried, whole answer." });
  });
});
