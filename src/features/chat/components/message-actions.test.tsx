import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { describe, expect, test, vi } from "vitest";
import type { Id } from "../../../../convex/_generated/dataModel";
import {
  ChatReplyingContext,
  focusHandoff,
  MessageActionsContext,
  type MessageActions,
} from "../hooks/use-message-actions";
import type { ChatMessage } from "../lib/types";
import { MessageBubble } from "./message-bubble";

function message(partial: Partial<ChatMessage>): ChatMessage {
  return {
    _id: "m1" as Id<"chatMessages">,
    role: "assistant",
    content: "**Bold** answer",
    status: "complete",
    creditsUsed: 3,
    createdAt: 0,
    ...partial,
  };
}

function fakeActions(overrides: Partial<MessageActions> = {}): MessageActions {
  return {
    copy: vi.fn(async () => {}),
    regenerate: vi.fn(async () => true),
    continueReply: vi.fn(async () => true),
    edit: vi.fn(async () => true),
    showVersion: vi.fn(async () => {}),
    ...focusHandoff(),
    ...overrides,
  };
}

function withActions(actions: MessageActions, children: ReactNode) {
  return <MessageActionsContext.Provider value={actions}>{children}</MessageActionsContext.Provider>;
}

describe("message actions", () => {
  test("the last reply can be copied as its Markdown source and regenerated; a double click starts one", async () => {
    let finish: (ok: boolean) => void = () => {};
    const actions = fakeActions({ regenerate: vi.fn(() => new Promise<boolean>((resolve) => (finish = resolve))) });
    render(withActions(actions, <MessageBubble message={message({})} isLast />));
    await userEvent.click(screen.getByRole("button", { name: "Copy reply" }));
    expect(actions.copy).toHaveBeenCalledWith("**Bold** answer");

    const regenerate = screen.getByRole("button", { name: "Regenerate reply" });
    await userEvent.dblClick(regenerate);
    expect(actions.regenerate).toHaveBeenCalledTimes(1);
    expect(regenerate).toHaveAttribute("aria-disabled", "true");
    await userEvent.click(regenerate);
    expect(actions.regenerate).toHaveBeenCalledTimes(1);
    finish(true);
    await vi.waitFor(() => expect(regenerate).not.toHaveAttribute("aria-disabled"));
  });

  test("while a reply is being written, a message above it can't be edited or switched to another version", async () => {
    const actions = fakeActions();
    const user = message({ role: "user", content: "Hi", version: { index: 2, count: 2 } });
    const view = (replying: boolean) =>
      withActions(
        actions,
        <ChatReplyingContext.Provider value={replying}>
          <MessageBubble message={user} slot="first" />
        </ChatReplyingContext.Provider>,
      );
    const { rerender } = render(view(true));
    const edit = screen.getByRole("button", { name: "Edit message" });
    const previous = screen.getByRole("button", { name: "Previous version" });
    expect(edit).toHaveAttribute("aria-disabled", "true");
    expect(previous).toHaveAttribute("aria-disabled", "true");
    expect(previous).toHaveAttribute("title", "Wait for the reply to finish");
    await userEvent.click(edit);
    await userEvent.click(previous);
    expect(screen.queryByRole("textbox", { name: "Edit message" })).not.toBeInTheDocument();
    expect(actions.showVersion).not.toHaveBeenCalled();

    rerender(view(false));
    await userEvent.click(screen.getByRole("button", { name: "Previous version" }));
    expect(actions.showVersion).toHaveBeenCalledWith("m1", 1);
    await userEvent.click(screen.getByRole("button", { name: "Edit message" }));
    expect(screen.getByRole("textbox", { name: "Edit message" })).toHaveValue("Hi");
  });

  test("in an archived chat a reply and a message can only be copied; their versions still flip", async () => {
    const actions = fakeActions({ readOnly: true });
    const versioned = { version: { index: 2, count: 2 } };
    const { rerender } = render(
      withActions(actions, <MessageBubble message={message({ status: "stopped", ...versioned })} isLast />),
    );
    expect(screen.getByRole("button", { name: "Copy reply" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Regenerate reply" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Continue reply" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /previous version/i }));
    expect(actions.showVersion).toHaveBeenCalledWith("m1", 1);

    rerender(withActions(actions, <MessageBubble message={message({ role: "user", content: "Hi" })} isLast={false} />));
    expect(screen.getByRole("button", { name: "Copy message" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Edit message" })).not.toBeInTheDocument();
  });

  test("only the last reply offers regenerate; continue only when it was stopped with some text", () => {
    const actions = fakeActions();
    const { rerender } = render(withActions(actions, <MessageBubble message={message({ status: "stopped" })} isLast={false} />));
    expect(screen.getByRole("button", { name: "Copy reply" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Regenerate reply" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Continue reply" })).not.toBeInTheDocument();

    rerender(withActions(actions, <MessageBubble message={message({ status: "stopped" })} isLast />));
    expect(screen.getByRole("button", { name: "Continue reply" })).toBeInTheDocument();
    rerender(withActions(actions, <MessageBubble message={message({ status: "stopped", content: "" })} isLast />));
    expect(screen.queryByRole("button", { name: "Continue reply" })).not.toBeInTheDocument();
    rerender(withActions(actions, <MessageBubble message={message({ status: "complete" })} isLast />));
    expect(screen.queryByRole("button", { name: "Continue reply" })).not.toBeInTheDocument();
  });

  test("a streaming reply, a reply shown before the server has it, and a list without actions show none", () => {
    const actions = fakeActions();
    const { rerender } = render(withActions(actions, <MessageBubble message={message({ status: "streaming" })} isLast />));
    expect(screen.queryByTestId("message-actions")).not.toBeInTheDocument();
    rerender(withActions(actions, <MessageBubble message={message({ _id: "optimistic:reply" as Id<"chatMessages"> })} isLast />));
    expect(screen.queryByTestId("message-actions")).not.toBeInTheDocument();
    rerender(<MessageBubble message={message({})} isLast />);
    expect(screen.queryByTestId("message-actions")).not.toBeInTheDocument();
  });

  test("edit: the sent text in a box; ⌘/Ctrl+Enter sends the new text, Escape leaves it as it was", async () => {
    const actions = fakeActions();
    render(withActions(actions, <MessageBubble message={message({ role: "user", content: "Plan a picnic" })} />));
    await userEvent.click(screen.getByRole("button", { name: "Edit message" }));
    const box = screen.getByRole("textbox", { name: "Edit message" });
    expect(box).toHaveValue("Plan a picnic");
    expect(box).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("textbox", { name: "Edit message" })).not.toBeInTheDocument();
    expect(actions.edit).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole("button", { name: "Edit message" }));
    await userEvent.clear(screen.getByRole("textbox", { name: "Edit message" }));
    await userEvent.keyboard("Plan a barbecue{Control>}{Enter}{/Control}");
    expect(actions.edit).toHaveBeenCalledWith("m1", "Plan a barbecue");
    await vi.waitFor(() => expect(screen.queryByRole("textbox", { name: "Edit message" })).not.toBeInTheDocument());
  });

  test("an edit that failed keeps the box open with the text; an empty edit cannot be sent", async () => {
    const actions = fakeActions({ edit: vi.fn(async () => false) });
    render(withActions(actions, <MessageBubble message={message({ role: "user", content: "Hi" })} />));
    await userEvent.click(screen.getByRole("button", { name: "Edit message" }));
    await userEvent.clear(screen.getByRole("textbox", { name: "Edit message" }));
    expect(screen.getByRole("button", { name: /^Send/ })).toBeDisabled();
    await userEvent.type(screen.getByRole("textbox", { name: "Edit message" }), "Hello");
    await userEvent.click(screen.getByRole("button", { name: "Send · 3 credits" }));
    expect(actions.edit).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("textbox", { name: "Edit message" })).toHaveValue("Hello");
  });

  test("versions: ‹ 2 / 3 › flips to the neighbours and stops at the ends", async () => {
    const actions = fakeActions();
    const { rerender } = render(
      withActions(actions, <MessageBubble message={message({ version: { index: 2, count: 3 } })} isLast />),
    );
    expect(screen.getByText("Version 2 of 3")).toBeInTheDocument();
    expect(screen.getByTestId("version-label")).toHaveTextContent("2 / 3");
    await userEvent.click(screen.getByRole("button", { name: "Previous version" }));
    expect(actions.showVersion).toHaveBeenLastCalledWith("m1", 1);
    await vi.waitFor(() => expect(screen.getByRole("button", { name: "Next version" })).not.toHaveAttribute("aria-disabled"));
    await userEvent.click(screen.getByRole("button", { name: "Next version" }));
    expect(actions.showVersion).toHaveBeenLastCalledWith("m1", 3);

    rerender(withActions(actions, <MessageBubble message={message({ version: { index: 3, count: 3 } })} isLast />));
    const next = screen.getByRole("button", { name: "Next version" });
    expect(next).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByRole("button", { name: "Previous version" })).not.toHaveAttribute("aria-disabled");
    // At the end the arrow stays focusable (a disabled button would drop focus to the page) but does nothing.
    await userEvent.click(next);
    expect(actions.showVersion).toHaveBeenCalledTimes(2);
  });

  test("by keyboard, focus follows a version switch to the arrow of the version now shown", async () => {
    let shown: ChatMessage = message({ role: "user", content: "Hello again", version: { index: 2, count: 2 } });
    const view = (actions: MessageActions) =>
      withActions(
        actions,
        <>
          <button type="button">Before</button>
          {/* A version is another message: its row mounts anew in the same place. */}
          <MessageBubble key={shown._id} message={shown} slot="m0" isLast />
        </>,
      );
    const actions = fakeActions({
      showVersion: vi.fn(async () => {
        shown = message({ _id: "m2" as Id<"chatMessages">, role: "user", content: "Hello there", version: { index: 1, count: 2 } });
        rerender(view(actions));
      }),
    });
    const { rerender } = render(view(actions));

    screen.getByRole("button", { name: "Previous version" }).focus();
    await userEvent.keyboard("{Enter}");
    expect(actions.showVersion).toHaveBeenCalledWith("m1", 1);
    await vi.waitFor(() => expect(screen.getByText("Hello there")).toBeInTheDocument());
    // The new row's ‹ has focus (and is now at the end); → and Enter reach ›, back to version 2.
    expect(screen.getByRole("button", { name: "Previous version" })).toHaveFocus();
    expect(screen.getByRole("button", { name: "Previous version" })).toHaveAttribute("aria-disabled", "true");
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Next version" })).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    expect(actions.showVersion).toHaveBeenLastCalledWith("m2", 2);
  });

  test("a focus hand-over is for its own place in the chat, and is taken once", () => {
    const handoff = focusHandoff();
    expect(handoff.takeFocus("m0")).toBeNull();
    handoff.handOffFocus("m0", "next");
    expect(handoff.takeFocus("m9")).toBeNull();
    expect(handoff.takeFocus("m0")).toBe("next");
    expect(handoff.takeFocus("m0")).toBeNull();
  });
});
