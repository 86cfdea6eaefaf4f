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

describe("useConversation", () => {
  test("a reply with a gap this tab could not fill keeps what it showed until the settled text arrives", () => {
    queryResults.set("chat/messages:recent", [question, { ...reply, live: true }]);
    queryResults.set("chat/messages:chatLive", { group: 0, text: "The whole" });
    const { result, rerender } = renderHook(() => useConversation(sessionId, 0), { wrapper });
    expect(result.current.messages.at(-1)).toMatchObject({ content: "The whole" });
    // Group 1 was missed and the reply ended before it could be fetched.
    queryResults.set("chat/messages:chatLive", { sealed: 40, tail: " and the rest." });
    queryResults.set("chat/messages:recent", [question, { ...reply, status: "complete" }]);
    act(() => rerender());
    expect(result.current.messages.at(-1)).toMatchObject({ status: "complete", content: "The whole" });
    queryResults.set("chat/messages:text", "The whole reply, from its first word and the rest.");
    act(() => rerender());
    expect(result.current.messages.at(-1)).toMatchObject({ content: "The whole reply, from its first word and the rest." });
  });

  test("a reply whose start this tab missed shows its settled text once it ends, not an empty bubble", () => {
    // The tab opened the chat as the reply ended: the live end result says groups were sealed that it never got.
    queryResults.set("chat/messages:recent", [question, { ...reply, live: true }]);
    queryResults.set("chat/messages:chatLive", { sealed: 40, tail: " and the rest." });
    const { result, rerender } = renderHook(() => useConversation(sessionId, 0), { wrapper });
    expect(result.current.messages.at(-1)).toMatchObject({ _id: reply._id, content: "" });

    // The list then says it ended; the settled text is read once.
    queryResults.set("chat/messages:recent", [question, { ...reply, status: "complete" }]);
    queryResults.set("chat/messages:text", "The whole reply, from its first word and the rest.");
    act(() => rerender());
    expect(result.current.messages.at(-1)).toMatchObject({
      _id: reply._id,
      status: "complete",
      content: "The whole reply, from its first word and the rest.",
    });
  });

  test("results about a reply this tab does not list never touch the one it followed", () => {
    queryResults.set("chat/messages:recent", [question, { ...reply, live: true }]);
    queryResults.set("chat/messages:chatLive", { group: 0, text: "Mine" });
    const { result, rerender } = renderHook(() => useConversation(sessionId, 0), { wrapper });
    queryResults.set("chat/messages:recent", [question, { ...reply, status: "complete" }]);
    queryResults.set("chat/messages:chatLive", { sealed: 4, tail: " only." });
    act(() => rerender());
    expect(result.current.messages.at(-1)).toMatchObject({ content: "Mine only." });
    // Another tab retries an older reply this tab has not loaded: the chat's live text is now about that one.
    queryResults.set("chat/messages:chatLive", null);
    act(() => rerender());
    queryResults.set("chat/messages:chatLive", { group: 0, text: "Someone else's" });
    act(() => rerender());
    queryResults.set("chat/messages:chatLive", { sealed: 14, tail: " words." });
    act(() => rerender());
    expect(result.current.messages.at(-1)).toMatchObject({ content: "Mine only." });
  });

  test("a reply whose live text moved to another reply before it ended reads its settled text", () => {
    queryResults.set("chat/messages:recent", [question, { ...reply, live: true }]);
    queryResults.set("chat/messages:chatLive", { group: 0, text: "Half of" });
    const { result, rerender } = renderHook(() => useConversation(sessionId, 0), { wrapper });
    // Another tab started a reply elsewhere in the chat: this one loses its mark while it still streams…
    queryResults.set("chat/messages:recent", [question, reply]);
    queryResults.set("chat/messages:chatLive", { group: 0, text: "Other" });
    act(() => rerender());
    expect(result.current.messages.at(-1)).toMatchObject({ content: "Half of" });
    // …and ends without its end result reaching this tab: the settled text is read.
    queryResults.set("chat/messages:recent", [question, { ...reply, status: "complete" }]);
    queryResults.set("chat/messages:text", "Half of it, then the rest.");
    act(() => rerender());
    expect(result.current.messages.at(-1)).toMatchObject({ status: "complete", content: "Half of it, then the rest." });
  });

  test("a reply this tab followed from its first group ends with its live text, without reading it again", () => {
    queryResults.set("chat/messages:recent", [question, { ...reply, live: true }]);
    queryResults.set("chat/messages:chatLive", { group: 0, text: "Hello" });
    const { result, rerender } = renderHook(() => useConversation(sessionId, 0), { wrapper });
    expect(result.current.messages.at(-1)).toMatchObject({ content: "Hello" });
    queryResults.set("chat/messages:recent", [question, { ...reply, status: "complete" }]);
    queryResults.set("chat/messages:chatLive", { sealed: 5, tail: " world" });
    // Were the settled text read, the bubble would show this instead.
    queryResults.set("chat/messages:text", "A settled copy");
    act(() => rerender());
    expect(result.current.messages.at(-1)).toMatchObject({ status: "complete", content: "Hello world" });
  });
});
