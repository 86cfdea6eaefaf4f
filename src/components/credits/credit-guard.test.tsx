import { act, fireEvent, render, renderHook, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import type { ReactNode } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { beforeEach, describe, expect, test, vi } from "vitest";
import type { Balance } from "./balance";
import { CreditGuardProvider } from "./credit-guard-provider";
import { InsufficientCreditsDialog } from "./insufficient-credits-dialog";
import { testBalance } from "./test-balance";
import { useCreditGuard } from "./use-credit-guard";

let current: Balance | undefined;
vi.mock("./balance", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./balance")>()),
  useBalance: () => current,
}));

const RESETS = Date.UTC(2031, 2, 1);
const balance = (remaining: number, unlimited = false) => testBalance(remaining, { unlimited, resetsAt: RESETS });

function wrapper({ children }: { children: ReactNode }) {
  return (
    <MemoryRouter initialEntries={["/chat"]}>
      <Routes>
        <Route path="/chat" element={<CreditGuardProvider>{children}</CreditGuardProvider>} />
        <Route path="/pricing" element={<h1>Pricing page</h1>} />
      </Routes>
    </MemoryRouter>
  );
}

beforeEach(() => {
  current = undefined;
});

describe("InsufficientCreditsDialog", () => {
  test("says what it costs, what is left and when it resets; Buy more goes to /pricing", async () => {
    render(
      <MemoryRouter initialEntries={["/chat"]}>
        <Routes>
          <Route
            path="/chat"
            element={
              <InsufficientCreditsDialog
                info={{ required: 3, remaining: 1, resetsAt: RESETS, action: "Sending a message" }}
                onClose={() => {}}
              />
            }
          />
          <Route path="/pricing" element={<h1>Pricing page</h1>} />
        </Routes>
      </MemoryRouter>,
    );
    const dialog = screen.getByRole("dialog", { name: "Not enough credits" });
    expect(dialog).toHaveTextContent("Sending a message costs 3 credits, and you have 1 credit left.");
    expect(dialog).toHaveTextContent("March 1, 2031");
    // It goes to the packs and remembers where to come back to.
    expect(screen.getByRole("link", { name: "Buy more" })).toHaveAttribute("href", "/pricing?returnTo=%2Fchat#packs");
    await userEvent.click(screen.getByRole("link", { name: "Buy more" }));
    expect(await screen.findByRole("heading", { name: "Pricing page" })).toBeInTheDocument();
  });

  test("is blocking: a click outside does not dismiss it, Not now does", async () => {
    const onClose = vi.fn();
    render(
      <MemoryRouter>
        <InsufficientCreditsDialog info={{ required: 15, remaining: 4, resetsAt: RESETS }} onClose={onClose} />
      </MemoryRouter>,
    );
    // Radix arms its outside-click listener on the next tick.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const outside = document.createElement("div");
    document.body.appendChild(outside);
    fireEvent.pointerDown(outside);
    fireEvent.pointerUp(outside);
    fireEvent.click(outside);
    expect(onClose).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Not now" }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});

describe("useCreditGuard", () => {
  test("lets affordable actions through without a dialog", () => {
    current = balance(3);
    const { result } = renderHook(() => useCreditGuard(), { wrapper });
    expect(result.current.ensureCredits(3)).toBe(true);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  test("blocks an unaffordable action with the dialog", async () => {
    current = balance(2);
    const { result } = renderHook(() => useCreditGuard(), { wrapper });
    let allowed = true;
    act(() => {
      allowed = result.current.ensureCredits(3, "Sending a message");
    });
    expect(allowed).toBe(false);
    expect(await screen.findByRole("dialog", { name: "Not enough credits" })).toHaveTextContent(
      "Sending a message costs 3 credits, and you have 2 credits left.",
    );
  });

  test("Pro is never blocked, and an unknown balance defers to the server", () => {
    current = balance(0, true);
    const { result, rerender } = renderHook(() => useCreditGuard(), { wrapper });
    expect(result.current.ensureCredits(15)).toBe(true);
    current = undefined;
    rerender();
    expect(result.current.ensureCredits(15)).toBe(true);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  test("turns a server INSUFFICIENT_CREDITS error into the dialog, and ignores other errors", async () => {
    current = balance(50);
    const { result } = renderHook(() => useCreditGuard(), { wrapper });
    expect(result.current.handleCreditError(new ConvexError({ code: "NOT_FOUND", message: "x" }))).toBe(false);
    expect(result.current.handleCreditError(new Error("network"))).toBe(false);
    let handled = false;
    act(() => {
      handled = result.current.handleCreditError(
        new ConvexError({ code: "INSUFFICIENT_CREDITS", message: "x", required: 15, remaining: 7, resetsAt: RESETS }),
        "Generating a project",
      );
    });
    expect(handled).toBe(true);
    expect(await screen.findByRole("dialog")).toHaveTextContent(
      "Generating a project costs 15 credits, and you have 7 credits left.",
    );
  });
});

describe("focus after the dialog", () => {
  function Opener({ withComposer }: { withComposer?: boolean }) {
    const guard = useCreditGuard();
    return (
      <>
        <textarea aria-label="Message" id="composer" />
        <button
          type="button"
          onClick={() =>
            guard.ensureCredits(
              3,
              "Sending a message",
              withComposer ? { returnFocus: () => document.getElementById("composer") } : undefined,
            )
          }
        >
          Send
        </button>
      </>
    );
  }

  test("Not now and Escape give focus back to what opened the dialog", async () => {
    current = balance(1);
    render(<Opener />, { wrapper });
    const send = screen.getByRole("button", { name: "Send" });
    await userEvent.click(send);
    await userEvent.click(await screen.findByRole("button", { name: "Not now" }));
    await vi.waitFor(() => expect(send).toHaveFocus());

    await userEvent.click(send);
    await screen.findByRole("dialog");
    await userEvent.keyboard("{Escape}");
    await vi.waitFor(() => expect(send).toHaveFocus());
  });

  test("a send blocked by credits hands focus to the message box", async () => {
    current = balance(1);
    render(<Opener withComposer />, { wrapper });
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    await userEvent.click(await screen.findByRole("button", { name: "Not now" }));
    await vi.waitFor(() => expect(screen.getByRole("textbox", { name: "Message" })).toHaveFocus());
  });
});
