import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, test, vi } from "vitest";
import { formatLocalTime } from "@/lib/format";
import type { Viewer } from "@/lib/viewer";
import { composerAllowance, type Allowance } from "./use-composer-allowance";

const midnight = Date.parse("2026-12-02T00:00:00Z");
const guest = (signUp = vi.fn()): Viewer => ({ kind: "guest", guestToken: "t", signIn: vi.fn(), signUp });
const daily = (remaining: number): Allowance => ({
  daily: { limit: 5, used: 5 - remaining, remaining, resetsAt: midnight },
  guestBudget: { spent: false, resetsAt: null },
});

test("a guest sees how many messages are left today, and no projects switch", () => {
  const shown = composerAllowance(guest(), daily(3), false);
  expect(shown.cost?.label).toBe("3 of 5 left today");
  expect(shown.contextToggle).toBe(false);
  expect(shown.notice).toBeNull();
  // Past the reset the day's count is full again, whatever the last result said.
  expect(composerAllowance(guest(), daily(0), true).cost?.label).toBe("5 of 5 left today");
});

test("at the cap: when they can chat again, in their time zone, with Sign up beside it", async () => {
  const signUp = vi.fn();
  render(<>{composerAllowance(guest(signUp), daily(0), false).notice}</>);
  expect(screen.getByRole("status")).toHaveTextContent(
    `You've used today's 5 messages. You can chat again at ${formatLocalTime(midnight)}.`,
  );
  await userEvent.click(screen.getByRole("button", { name: "Sign up" }));
  expect(signUp).toHaveBeenCalledOnce();
  expect(formatLocalTime(midnight, "Europe/Berlin")).toBe("01:00");
});

test("when the guests' budget is spent, guests are asked to sign in; users without a cap see nothing new", async () => {
  const signIn = vi.fn();
  const viewer: Viewer = { kind: "guest", guestToken: "t", signIn, signUp: vi.fn() };
  const spent: Allowance = { ...daily(4), guestBudget: { spent: true, resetsAt: midnight } };
  render(<>{composerAllowance(viewer, spent, false).notice}</>);
  expect(screen.getByRole("status")).toHaveTextContent("Guest chat is busy right now. Sign in to keep chatting.");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
  expect(signIn).toHaveBeenCalledOnce();
  expect(composerAllowance({ kind: "user" }, { daily: null, guestBudget: null }, false)).toEqual({
    cost: undefined,
    contextToggle: true,
    notice: null,
    guestLimit: undefined,
  });
});
