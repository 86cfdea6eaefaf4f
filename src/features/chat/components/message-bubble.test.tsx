import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import type { Id } from "../../../../convex/_generated/dataModel";
import type { ChatMessage } from "../lib/types";
import { testBalance } from "@/components/credits/test-balance";
import { CreditGuardContext } from "@/components/credits/use-credit-guard";
import { ViewerContext, type Viewer } from "@/lib/viewer";
import { MessageBubble } from "./message-bubble";
import { QUEUED_NOTICE_MS } from "./typing-indicator";

function message(partial: Partial<ChatMessage>): ChatMessage {
  return {
    _id: "m1" as Id<"chatMessages">,
    role: "assistant",
    content: "",
    status: "complete",
    creditsUsed: 3,
    createdAt: 0,
    ...partial,
  };
}

describe("MessageBubble", () => {
  test("a reply still waiting for its first word shows the typing indicator", () => {
    render(<MessageBubble message={message({ status: "streaming" })} />);
    expect(screen.getByRole("status", { name: "Helm is typing" })).toBeInTheDocument();
  });

  test("a reply waiting for a free slot says so after a few seconds, and stops saying it once it starts", () => {
    vi.useFakeTimers();
    try {
      const { rerender } = render(<MessageBubble message={message({ status: "streaming", queued: true })} />);
      expect(screen.queryByText("Waiting for a free slot…")).not.toBeInTheDocument();
      act(() => vi.advanceTimersByTime(QUEUED_NOTICE_MS));
      expect(screen.getByRole("status", { name: "Waiting for a free slot" })).toHaveTextContent("Waiting for a free slot…");
      rerender(<MessageBubble message={message({ status: "streaming", queued: false })} />);
      expect(screen.getByRole("status", { name: "Helm is typing" })).not.toHaveTextContent("Waiting");
    } finally {
      vi.useRealTimers();
    }
  });

  test("a reply stopped mid-table or mid-list shows a table and no empty item, not raw Markdown", async () => {
    const content = "Compare:\n\n| Option | Effort |\n|---";
    const { container, unmount } = render(<MessageBubble message={message({ content, status: "stopped" })} />);
    expect(await screen.findByRole("columnheader", { name: "Effort" })).toBeInTheDocument();
    expect(container).not.toHaveTextContent("|---");
    unmount();
    render(<MessageBubble message={message({ content: "Steps:\n\n1. Collect\n2. Decide\n3.", status: "error" })} />);
    expect(await screen.findAllByRole("listitem")).toHaveLength(2);
  });

  test("a failed reply tells a free user the credits came back, and a Pro user nothing about refunds", () => {
    const failed = message({ status: "error", error: "The model stopped answering." });
    const { unmount } = render(<MessageBubble message={failed} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Your credits were refunded.");
    unmount();
    render(
      <CreditGuardContext.Provider value={{ balance: testBalance(0, { unlimited: true }), show: () => {} }}>
        <MessageBubble message={failed} />
      </CreditGuardContext.Provider>,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("The model stopped answering.");
    expect(screen.getByRole("alert")).not.toHaveTextContent(/refund/i);
  });

  test("a failed reply tells a guest, who has no credits, that it didn't count toward today's messages", () => {
    const guest: Viewer = { kind: "guest", guestToken: "g", signIn: () => {}, signUp: () => {} };
    render(
      <ViewerContext.Provider value={guest}>
        <MessageBubble message={message({ status: "error", error: "The model stopped answering." })} />
      </ViewerContext.Provider>,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("The model stopped answering. It doesn't count toward today's messages.");
    expect(screen.getByRole("alert")).not.toHaveTextContent(/credit/i);
  });

  test("a long message is folded, and can be unfolded", async () => {
    const long = "word ".repeat(2000);
    render(<MessageBubble message={message({ role: "user", content: long })} />);
    const toggle = screen.getByRole("button", { name: /Show all 10,000 characters/ });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(toggle);
    expect(screen.getByRole("button", { name: "Show less" })).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByTestId("folded-text")).toHaveAttribute("data-open", "true");
  });

  test("assistant Markdown: GFM tables, links that open a new tab, code with a copy button", async () => {
    const content = [
      "See [the docs](https://example.com/docs).",
      "",
      "| a | b |",
      "|---|---|",
      "| 1 | 2 |",
      "",
      "```ts",
      "const x = 1;",
      "```",
    ].join("\n");
    render(<MessageBubble message={message({ content })} />);
    const link = await screen.findByRole("link", { name: "the docs" });
    expect(link).toHaveAttribute("target", "_blank");
    expect(link).toHaveAttribute("rel", expect.stringContaining("noopener"));
    expect(screen.getByRole("table")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Copy code" })).toBeInTheDocument();
    expect(screen.getByText("ts")).toBeInTheDocument();
  });

  test("user text is shown as typed, never as Markdown", () => {
    render(<MessageBubble message={message({ role: "user", content: "**not bold** <b>x</b>" })} />);
    expect(screen.getByTestId("user-message")).toHaveTextContent("**not bold** <b>x</b>");
  });

  test("a failed reply explains itself and offers Retry", async () => {
    const onRetry = vi.fn();
    render(<MessageBubble message={message({ status: "error", error: "The model timed out." })} onRetry={onRetry} />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("The model timed out.");
    await userEvent.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  test("a stopped reply keeps its text and says it was stopped", async () => {
    render(<MessageBubble message={message({ status: "stopped", content: "Partial answer" })} />);
    expect(await screen.findByText("Partial answer")).toBeInTheDocument();
    expect(screen.getByText("Stopped")).toBeInTheDocument();
  });

  test("replies from the offline model are labelled", () => {
    const { rerender } = render(<MessageBubble message={message({ content: "hi", provider: "offline" })} />);
    expect(screen.getByText("Offline model")).toBeInTheDocument();
    rerender(<MessageBubble message={message({ content: "hi", provider: "openai" })} />);
    expect(screen.queryByText("Offline model")).not.toBeInTheDocument();
  });
});
