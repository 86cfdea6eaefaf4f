import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { Toaster } from "sonner";
import { beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { CreditGuardProvider } from "@/components/credits/credit-guard-provider";
import { testBalance } from "@/components/credits/test-balance";
import { mutation, queryResults, resetFakeConvex } from "@/test/fake-convex";
import { clearDrafts } from "../hooks/use-composer";
import { ChatPage } from "./chat-page";

vi.mock("convex/react", async () => (await import("@/test/fake-convex")).fakeConvexReact());

beforeAll(() => {
  // jsdom has no layout observers; the message list only needs them to exist.
  class Observer {
    observe() {}
    disconnect() {}
    unobserve() {}
  }
  vi.stubGlobal("ResizeObserver", Observer);
  vi.stubGlobal("IntersectionObserver", Observer);
  Element.prototype.scrollTo = () => {};
});

const RESETS = Date.UTC(2031, 4, 1);
const balance = (remaining: number) => testBalance(remaining, { resetsAt: RESETS });

function Where() {
  return <output data-testid="location">{useLocation().pathname}</output>;
}

function renderChat(path = "/chat") {
  render(
    <MemoryRouter initialEntries={[path]}>
      <CreditGuardProvider>
        <Routes>
          <Route path="/chat" element={<ChatPage />} />
          <Route path="/chat/:displayId" element={<ChatPage />} />
          <Route path="/pricing" element={<h1>Pricing</h1>} />
        </Routes>
        <Where />
      </CreditGuardProvider>
      <Toaster />
    </MemoryRouter>,
  );
}

// `hidden`: the box stays readable while a modal dialog hides the page from assistive tech.
const textbox = () => screen.getByRole("textbox", { name: "Message", hidden: true });

beforeEach(() => {
  resetFakeConvex();
  clearDrafts();
  queryResults.set("credits:balance", balance(100));
  queryResults.set("users:me", { _id: "u1", name: "Ada Lovelace" });
  queryResults.set("chat/sessions:list", []);
});

describe("ChatPage — new chat", () => {
  test("a suggested prompt sends at once with a fresh request id and opens the new chat", async () => {
    const send = mutation("chat/messages:send");
    send.mockResolvedValue({ sessionId: "s1", displayId: "CH-000007", userMessageId: "m1", assistantMessageId: "m2" });
    renderChat();
    expect(screen.getByRole("heading", { name: /Ada$/ })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /Plan my week/ }));
    expect(send).toHaveBeenCalledTimes(1);
    const args = send.mock.calls[0][0] as Record<string, unknown>;
    expect(args.text).toMatch(/^Help me plan a focused week/);
    expect(args.includeContext).toBe(false);
    expect(args.sessionId).toBeUndefined();
    expect(args.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/chat/CH-000007"));
  });

  test("the context toggle is sent with the first message", async () => {
    const send = mutation("chat/messages:send");
    send.mockResolvedValue({ sessionId: "s1", displayId: "CH-000008", userMessageId: "m1", assistantMessageId: "m2" });
    renderChat();
    await userEvent.click(screen.getByRole("switch", { name: /projects & tasks/i }));
    await userEvent.type(textbox(), "What's next?{Enter}");
    expect(send.mock.calls[0][0]).toMatchObject({ text: "What's next?", includeContext: true });
  });

  test("with too few credits nothing is sent: the blocking dialog opens and the text stays", async () => {
    queryResults.set("credits:balance", balance(2));
    const send = mutation("chat/messages:send");
    renderChat();
    await userEvent.type(textbox(), "Draft my weekly update{Enter}");
    const dialog = await screen.findByRole("dialog", { name: "Not enough credits" });
    expect(dialog).toHaveTextContent("Sending a message costs 3 credits, and you have 2 credits left.");
    expect(send).not.toHaveBeenCalled();
    expect(textbox()).toHaveValue("Draft my weekly update");
    await userEvent.click(within(dialog).getByRole("link", { name: "Buy more" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/pricing"));
  });

  test("INSUFFICIENT_CREDITS from the server opens the dialog and puts the text back", async () => {
    const send = mutation("chat/messages:send");
    send.mockRejectedValue(
      new ConvexError({ code: "INSUFFICIENT_CREDITS", message: "x", required: 3, remaining: 1, resetsAt: RESETS }),
    );
    renderChat();
    await userEvent.type(textbox(), "Spent elsewhere meanwhile{Enter}");
    expect(await screen.findByRole("dialog", { name: "Not enough credits" })).toHaveTextContent("you have 1 credit left");
    expect(textbox()).toHaveValue("Spent elsewhere meanwhile");
  });

  test("other failures show a plain sentence, keep the text, and a resend reuses the request id", async () => {
    const send = mutation("chat/messages:send");
    send.mockRejectedValueOnce(new Error("WebSocket closed with code 1006 at Connection.ts:412"));
    send.mockResolvedValueOnce({ sessionId: "s1", displayId: "CH-000009", userMessageId: "m1", assistantMessageId: "m2" });
    renderChat();
    await userEvent.type(textbox(), "Hello{Enter}");
    expect(await screen.findByText("Something went wrong on our side. Please try again.")).toBeInTheDocument();
    expect(screen.queryByText(/WebSocket|Connection\.ts/)).not.toBeInTheDocument();
    expect(textbox()).toHaveValue("Hello");
    await userEvent.type(textbox(), "{Enter}");
    expect(send).toHaveBeenCalledTimes(2);
    const [first, second] = send.mock.calls.map((c) => (c[0] as { clientRequestId: string }).clientRequestId);
    expect(second).toBe(first);
  });
});

describe("ChatPage — existing chat", () => {
  const totals = { replies: 1, inputTokens: 0, outputTokens: 0, reasoningTokens: 0, credits: 3, costMicroUsd: 0 };
  // What chat.sessions.get and chat.sessions.stats return (totals always present).
  const session = { _id: "s1", displayId: "CH-000001", title: "Weekly plan", createdAt: 1, includeContext: true };
  const stats = { updatedAt: 2, messageCount: 2, totals };
  beforeEach(() => queryResults.set("chat/sessions:stats", stats));

  test("shows the conversation oldest first, streaming reply with Stop, and remembers the context toggle", async () => {
    queryResults.set("chat/sessions:get", session);
    queryResults.set("chat/sessions:list", [{ ...session, updatedAt: 2, messageCount: 2 }]);
    // The history, newest first on the wire; nothing newer.
    queryResults.set("chat/messages:recent", []);
    queryResults.set("chat/messages:history", [
      { _id: "m2", role: "assistant", content: "", status: "streaming", creditsUsed: 3, createdAt: 2 },
      { _id: "m1", role: "user", content: "Plan my week", status: "complete", creditsUsed: 0, createdAt: 1 },
    ]);
    renderChat("/chat/CH-000001");
    expect(await screen.findByTestId("chat-title")).toHaveTextContent("Weekly plan");
    const log = screen.getByRole("log", { name: "Conversation" });
    const bubbles = within(log).getAllByTestId(/-message$/);
    expect(bubbles.map((b) => b.dataset.testid)).toEqual(["user-message", "assistant-message"]);
    expect(within(log).getByRole("status", { name: "Helm is typing" })).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Stop generating" }));
    expect(mutation("chat/messages:stop")).toHaveBeenCalledWith({ messageId: "m2" });

    const toggle = screen.getByRole("switch", { name: /projects & tasks/i });
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    expect(mutation("chat/sessions:setIncludeContext")).toHaveBeenCalledWith({ sessionId: "s1", includeContext: false });
  });

  test("Retry on a failed reply checks credits and sends a new request id", async () => {
    queryResults.set("chat/sessions:get", session);
    queryResults.set("chat/messages:recent", []);
    queryResults.set("chat/messages:history", [
      { _id: "m2", role: "assistant", content: "", status: "error", error: "The model timed out.", creditsUsed: 0, createdAt: 2 },
      { _id: "m1", role: "user", content: "Plan my week", status: "complete", creditsUsed: 0, createdAt: 1 },
    ]);
    renderChat("/chat/CH-000001");
    await userEvent.click(await screen.findByRole("button", { name: "Retry" }));
    expect(mutation("chat/messages:retry")).toHaveBeenCalledWith({
      messageId: "m2",
      clientRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  test("deleting the open chat asks first, then moves to the next chat", async () => {
    const other = { ...session, _id: "s2", displayId: "CH-000002", title: "Older chat", updatedAt: 1, messageCount: 2 };
    queryResults.set("chat/sessions:get", session);
    queryResults.set("chat/sessions:list", [{ ...session, updatedAt: 2, messageCount: 2 }, other]);
    queryResults.set("chat/messages:history", []);
    queryResults.set("chat/messages:recent", []);
    renderChat("/chat/CH-000001");
    const sidebar = screen.getByRole("complementary", { name: "Chat history" });
    await userEvent.click(within(sidebar).getByRole("button", { name: "Options for Weekly plan" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Delete" }));
    const confirm = await screen.findByRole("dialog", { name: "Delete this chat?" });
    expect(mutation("chat/sessions:remove")).not.toHaveBeenCalled();
    await userEvent.click(within(confirm).getByRole("button", { name: "Delete chat" }));
    expect(mutation("chat/sessions:remove")).toHaveBeenCalledWith({ sessionId: "s1" });
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/chat/CH-000002"));
  });
});
