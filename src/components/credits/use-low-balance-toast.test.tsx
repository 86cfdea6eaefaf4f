import { renderHook } from "@testing-library/react";
import { toast } from "sonner";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { testBalance } from "./test-balance";
import { lowBalanceTransition, useLowBalanceToast } from "./use-low-balance-toast";

vi.mock("sonner", () => ({ toast: { warning: vi.fn() } }));

const warn = vi.mocked(toast.warning);

const balance = (remaining: number, unlimited = false) => testBalance(remaining, { unlimited });

beforeEach(() => {
  localStorage.clear();
  warn.mockClear();
});

describe("lowBalanceTransition", () => {
  test("notifies only on the move from at-or-above 20 to below 20", () => {
    expect(lowBalanceTransition("ok", balance(20))).toEqual({ state: "ok", notify: false });
    expect(lowBalanceTransition("ok", balance(19))).toEqual({ state: "low", notify: true });
    expect(lowBalanceTransition("low", balance(16))).toEqual({ state: "low", notify: false });
    expect(lowBalanceTransition(null, balance(10))).toEqual({ state: "low", notify: true });
    expect(lowBalanceTransition("low", balance(5, true))).toEqual({ state: "ok", notify: false });
  });
});

describe("useLowBalanceToast", () => {
  test("toasts once per crossing, not on re-render, further spending or reload", () => {
    const { rerender, unmount } = renderHook(({ b }) => useLowBalanceToast(b, "user1"), {
      initialProps: { b: balance(25) },
    });
    expect(warn).not.toHaveBeenCalled();

    rerender({ b: balance(22) });
    rerender({ b: balance(19) });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][1]?.description).toContain("19 credits");

    rerender({ b: balance(19) });
    rerender({ b: balance(16) });
    expect(warn).toHaveBeenCalledTimes(1);

    // A reload: a fresh mount with the same (still low) balance.
    unmount();
    renderHook(() => useLowBalanceToast(balance(16), "user1"));
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test("topping up re-arms the warning for the next crossing", () => {
    const { rerender } = renderHook(({ b }) => useLowBalanceToast(b, "user1"), {
      initialProps: { b: balance(19) },
    });
    expect(warn).toHaveBeenCalledTimes(1);
    rerender({ b: balance(119) });
    rerender({ b: balance(18) });
    expect(warn).toHaveBeenCalledTimes(2);
  });

  test("each user has their own memory, and Pro never warns", () => {
    renderHook(() => useLowBalanceToast(balance(10), "user1"));
    renderHook(() => useLowBalanceToast(balance(10), "user2"));
    renderHook(() => useLowBalanceToast(balance(0, true), "user3"));
    expect(warn).toHaveBeenCalledTimes(2);
  });

  test("waits for the balance and the user", () => {
    renderHook(() => useLowBalanceToast(undefined, "user1"));
    renderHook(() => useLowBalanceToast(balance(3), undefined));
    expect(warn).not.toHaveBeenCalled();
  });
});
