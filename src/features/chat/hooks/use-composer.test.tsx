import { act, renderHook } from "@testing-library/react";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { clearDrafts, useComposer } from "./use-composer";

const sendMessage = vi.fn();
let affordable = true;
vi.mock("./use-send-message", () => ({
  useSendMessage: () => ({ canSend: () => affordable, sendMessage, sending: false }),
}));

beforeEach(() => {
  clearDrafts();
  affordable = true;
  sendMessage.mockReset();
});

describe("useComposer", () => {
  test("a successful send clears the box and reports the new chat", async () => {
    sendMessage.mockResolvedValue({ sessionId: "s1", displayId: "CH-000001" });
    const onSent = vi.fn();
    const { result } = renderHook(() => useComposer({ includeContext: true, onSent }));
    act(() => result.current.setValue("Hello there"));
    await act(() => result.current.submit());
    expect(sendMessage).toHaveBeenCalledWith({ sessionId: undefined, text: "Hello there", includeContext: true });
    expect(result.current.value).toBe("");
    expect(onSent).toHaveBeenCalledWith({ sessionId: "s1", displayId: "CH-000001" }, "Hello there");
  });

  test("a failed send puts the text back in the box", async () => {
    sendMessage.mockResolvedValue(null);
    const onSent = vi.fn();
    const { result } = renderHook(() => useComposer({ includeContext: false, onSent }));
    act(() => result.current.setValue("Keep me"));
    await act(() => result.current.submit());
    expect(result.current.value).toBe("Keep me");
    expect(onSent).not.toHaveBeenCalled();
  });

  test("when credits are short nothing is sent and a suggested prompt stays in the box", async () => {
    affordable = false;
    const { result } = renderHook(() => useComposer({ includeContext: false }));
    await act(() => result.current.submit("Plan my week"));
    expect(sendMessage).not.toHaveBeenCalled();
    expect(result.current.value).toBe("Plan my week");
  });

  test("blank drafts are never sent", async () => {
    const { result } = renderHook(() => useComposer({ includeContext: false }));
    act(() => result.current.setValue("   \n  "));
    await act(() => result.current.submit());
    expect(sendMessage).not.toHaveBeenCalled();
  });
});

describe("drafts", () => {
  test("a chat's unsent text survives leaving the page and a reload, per chat", () => {
    const first = renderHook(() => useComposer({ sessionId: "s1" as never, includeContext: false }));
    act(() => first.result.current.setValue("Half-written question"));
    first.unmount();
    const other = renderHook(() => useComposer({ sessionId: "s2" as never, includeContext: false }));
    expect(other.result.current.value).toBe("");
    const again = renderHook(() => useComposer({ sessionId: "s1" as never, includeContext: false }));
    expect(again.result.current.value).toBe("Half-written question");
  });

  test("signing out forgets every draft", () => {
    const { result, unmount } = renderHook(() => useComposer({ includeContext: false }));
    act(() => result.current.setValue("Private thought"));
    unmount();
    clearDrafts();
    expect(renderHook(() => useComposer({ includeContext: false })).result.current.value).toBe("");
  });
});
