import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, test, vi } from "vitest";
import { ChatInput, type ChatInputProps } from "./chat-input";

/** A controlled ChatInput, as the page uses it. */
function Harness(props: Partial<ChatInputProps> & { initial?: string }) {
  const [value, setValue] = useState(props.initial ?? "");
  const [ctx, setCtx] = useState(false);
  return (
    <ChatInput
      value={value}
      onChange={setValue}
      onSubmit={props.onSubmit ?? (() => {})}
      includeContext={props.includeContext ?? ctx}
      onIncludeContextChange={props.onIncludeContextChange ?? setCtx}
      {...props}
    />
  );
}

const textbox = () => screen.getByRole("textbox", { name: "Message" });
const sendButton = () => screen.getByRole("button", { name: "Send message" });

describe("ChatInput", () => {
  test("Enter sends; Shift+Enter inserts a new line instead", async () => {
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} />);
    await userEvent.type(textbox(), "first line{Shift>}{Enter}{/Shift}second");
    expect(textbox()).toHaveValue("first line\nsecond");
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.keyboard("{Enter}");
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(textbox()).toHaveValue("first line\nsecond");
  });

  test("Enter during IME composition does not send", () => {
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} initial="にほんご" />);
    fireEvent.compositionStart(textbox());
    fireEvent.keyDown(textbox(), { key: "Enter", isComposing: true });
    fireEvent.compositionEnd(textbox());
    // Safari's confirming keydown arrives after compositionend with keyCode 229.
    fireEvent.keyDown(textbox(), { key: "Enter", keyCode: 229 });
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.keyDown(textbox(), { key: "Enter" });
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  test("cannot send an empty or whitespace-only message", async () => {
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} />);
    expect(sendButton()).toBeDisabled();
    await userEvent.type(textbox(), "   {Enter}");
    expect(sendButton()).toBeDisabled();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  test("shows a counter near the limit and blocks sending over 16,000 characters", () => {
    const onSubmit = vi.fn();
    const { unmount } = render(<Harness onSubmit={onSubmit} initial={"a".repeat(13_999)} />);
    expect(screen.queryByTestId("char-counter")).not.toBeInTheDocument();
    unmount();

    render(<Harness onSubmit={onSubmit} initial={"a".repeat(16_000)} />);
    expect(screen.getByTestId("char-counter")).toHaveTextContent("16,000 / 16,000");
    expect(sendButton()).toBeEnabled();
    fireEvent.change(textbox(), { target: { value: "a".repeat(16_001) } });
    expect(screen.getByTestId("char-counter")).toHaveTextContent("16,001 / 16,000");
    expect(sendButton()).toBeDisabled();
    fireEvent.keyDown(textbox(), { key: "Enter" });
    expect(onSubmit).not.toHaveBeenCalled();
  });

  test("is locked while a send is in flight", async () => {
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} initial="hello" sending />);
    expect(sendButton()).toBeDisabled();
    fireEvent.keyDown(textbox(), { key: "Enter" });
    expect(onSubmit).not.toHaveBeenCalled();
  });

  test("while a reply streams the send button becomes Stop", async () => {
    const onStop = vi.fn();
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} onStop={onStop} initial="next question" streaming />);
    expect(screen.queryByRole("button", { name: "Send message" })).not.toBeInTheDocument();
    fireEvent.keyDown(textbox(), { key: "Enter" });
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Stop generating" }));
    expect(onStop).toHaveBeenCalledTimes(1);
  });

  test("shows the cost, or Unlimited for Pro", () => {
    const { unmount } = render(<Harness />);
    expect(screen.getByTestId("message-cost")).toHaveTextContent("3 credits");
    unmount();
    render(<Harness unlimited />);
    expect(screen.getByTestId("message-cost")).toHaveTextContent("Unlimited");
  });

  test("the context toggle reports changes", async () => {
    const onIncludeContextChange = vi.fn();
    render(<Harness includeContext={false} onIncludeContextChange={onIncludeContextChange} />);
    const toggle = screen.getByRole("switch", { name: /projects & tasks/i });
    expect(toggle).not.toBeChecked();
    await userEvent.click(toggle);
    expect(onIncludeContextChange).toHaveBeenCalledWith(true);
  });

  test("grows with its content but stops at about eight lines", () => {
    render(<Harness />);
    const el = textbox();
    // jsdom has no layout; report the content height the browser would.
    let contentHeight = 40;
    Object.defineProperty(el, "scrollHeight", { get: () => contentHeight, configurable: true });
    fireEvent.change(el, { target: { value: "one line" } });
    expect(el.style.height).toBe("40px");
    contentHeight = 600;
    fireEvent.change(el, { target: { value: "many\n".repeat(25) } });
    expect(el.style.height).toBe("208px");
    expect(el.style.overflowY).toBe("auto");
  });
});
