import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { CreditGuardContext } from "@/components/credits/use-credit-guard";
import { queryResults, resetFakeConvex } from "@/test/fake-convex";
import type { Id } from "../../../../convex/_generated/dataModel";
import { useConversation } from "./use-conversation";

vi.mock("convex/react", async () => (await import("@/test/fake-convex")).fakeConvexReact());

const sessionId = "chat-1" as Id<"chatSessions">;
const question = { _id: "m-question", role: "user", status: "complete", createdAt: 1 } as const;
// The tab's live-text store lives as long as the page: each test has a reply of its own.
let replies = 0;
let reply: { _id: string; role: "assistant"; status: string; createdAt: number; creditsUsed: number };

function wrapper({ children }: { children: ReactNode }) {
  return <CreditGuardContext.Provider value={{ balance: undefined, show: () => {} }}>{children}</CreditGuardContext.Provider>;
}

beforeEach(() => {
  replies += 1;
  reply = { _id: `m-reply-${replies}`, role: "assistant", status: "streaming", createdAt: 1, creditsUsed: 3 };
  resetFakeConvex();
  queryResults.set("chat/messages:history", []);
});

type Row = typeof question | typeof reply | (typeof reply & { live: true });
type Update = { rows?: Row[]; live?: unknown; text?: string };

/** Sets what the server answers (the newer rows, the chat's live text, a settled text). */
function answer({ rows, live, text }: Update) {
  if (rows) queryResults.set("chat/messages:recent", rows);
  if (live !== undefined) queryResults.set("chat/messages:chatLive", live);
  if (text !== undefined) queryResults.set("chat/messages:text", text);
}

/** Opens the chat while the reply streams (its row marked live) with this live result; then updates arrive one by one. */
function openWhileStreaming(live: unknown) {
  answer({ rows: [question, { ...reply, live: true }], live });
  const { result, rerender } = renderHook(() => useConversation(sessionId, 0), { wrapper });
  return {
    shown: () => result.current.messages.at(-1),
    update: (next: Update) => {
      answer(next);
      act(() => rerender());
    },
  };
}

const settledRows = () => [question, { ...reply, status: "complete" }];

describe("useConversation", () => {
  test("a reply with a gap this tab could not fill keeps what it showed until the settled text arrives", () => {
    const chat = openWhileStreaming({ group: 0, text: "The whole" });
    expect(chat.shown()).toMatchObject({ content: "The whole" });
    // Group 1 was missed and the reply ended before it could be fetched.
    chat.update({ rows: settledRows(), live: { sealed: 40, tail: " and the rest." } });
    expect(chat.shown()).toMatchObject({ status: "complete", content: "The whole" });
    chat.update({ text: "The whole reply, from its first word and the rest." });
    expect(chat.shown()).toMatchObject({ content: "The whole reply, from its first word and the rest." });
  });

  test("a reply whose start this tab missed shows its settled text once it ends, not an empty bubble", () => {
    // The tab opened the chat as the reply ended: the live end result says groups were sealed that it never got.
    const chat = openWhileStreaming({ sealed: 40, tail: " and the rest." });
    expect(chat.shown()).toMatchObject({ _id: reply._id, content: "" });
    // The list then says it ended; the settled text is read once.
    chat.update({ rows: settledRows(), text: "The whole reply, from its first word and the rest." });
    expect(chat.shown()).toMatchObject({
      _id: reply._id,
      status: "complete",
      content: "The whole reply, from its first word and the rest.",
    });
  });

  test("results about a reply this tab does not list never touch the one it followed", () => {
    const chat = openWhileStreaming({ group: 0, text: "Mine" });
    chat.update({ rows: settledRows(), live: { sealed: 4, tail: " only." } });
    expect(chat.shown()).toMatchObject({ content: "Mine only." });
    // Another tab retries an older reply this tab has not loaded: the chat's live text is now about that one.
    chat.update({ live: null });
    chat.update({ live: { group: 0, text: "Someone else's" } });
    chat.update({ live: { sealed: 14, tail: " words." } });
    expect(chat.shown()).toMatchObject({ content: "Mine only." });
  });

  test("a reply whose live text moved to another reply before it ended reads its settled text", () => {
    const chat = openWhileStreaming({ group: 0, text: "Half of" });
    // Another tab started a reply elsewhere in the chat: this one loses its mark while it still streams…
    chat.update({ rows: [question, reply], live: { group: 0, text: "Other" } });
    expect(chat.shown()).toMatchObject({ content: "Half of" });
    // …and ends without its end result reaching this tab: the settled text is read.
    chat.update({ rows: settledRows(), text: "Half of it, then the rest." });
    expect(chat.shown()).toMatchObject({ status: "complete", content: "Half of it, then the rest." });
  });

  test("a reply this tab followed from its first group ends with its live text, without reading it again", () => {
    const chat = openWhileStreaming({ group: 0, text: "Hello" });
    expect(chat.shown()).toMatchObject({ content: "Hello" });
    // Were the settled text read, the bubble would show this instead.
    chat.update({ rows: settledRows(), live: { sealed: 5, tail: " world" }, text: "A settled copy" });
    expect(chat.shown()).toMatchObject({ status: "complete", content: "Hello world" });
  });
});
