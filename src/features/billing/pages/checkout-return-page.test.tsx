import { act, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { actions, queryArgs, queryResults, resetFakeConvex } from "../test/fake-convex";
import { balance } from "../test/fixtures";
import { CheckoutReturnPage, SLOW_CONFIRMATION_MS } from "./checkout-return-page";

vi.mock("convex/react", async () => (await import("../test/fake-convex")).fakeConvexReact());

const STATUS = "billing/purchases:status";
const SINCE = 1_780_000_000_000;

function page(search: string) {
  return (
    <MemoryRouter initialEntries={[`/billing/return${search}`]}>
      <Routes>
        <Route path="/billing/return" element={<CheckoutReturnPage />} />
      </Routes>
    </MemoryRouter>
  );
}

beforeEach(() => {
  resetFakeConvex();
  actions.set("billing/plan:refresh", vi.fn().mockResolvedValue({ plan: "free" }));
});
afterEach(() => vi.useRealTimers());

describe("checkout return page", () => {
  test("waits for the webhook, then shows exactly the credits it added and the new balance", () => {
    queryResults.set(STATUS, { complete: false, creditsAdded: 0, balance: balance(97) });
    const { rerender } = render(page(`?product=pack500&since=${SINCE}`));
    expect(screen.getByRole("heading", { name: "Confirming your payment…" })).toBeInTheDocument();
    expect(queryArgs.get(STATUS)).toEqual({ product: "pack500", since: SINCE });

    // The reactive query updates when the webhook's mutation commits.
    queryResults.set(STATUS, { complete: true, creditsAdded: 500, balance: balance(597) });
    rerender(page(`?product=pack500&since=${SINCE}`));
    expect(screen.getByRole("heading", { name: "Payment received" })).toBeInTheDocument();
    expect(screen.getByTestId("checkout-result")).toHaveTextContent("+500 credits");
    expect(screen.getByText(/Your balance is now 597 credits/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Start chatting" })).toHaveAttribute("href", "/chat");
  });

  test("says so, calmly, when confirmation takes long", () => {
    vi.useFakeTimers();
    queryResults.set(STATUS, { complete: false, creditsAdded: 0, balance: balance(97) });
    render(page(`?product=pack1000&since=${SINCE}`));
    expect(screen.queryByText(/taking longer than usual/)).toBeNull();
    act(() => vi.advanceTimersByTime(SLOW_CONFIRMATION_MS));
    expect(screen.getByRole("heading", { name: "Still confirming your payment" })).toBeInTheDocument();
    expect(screen.getByText(/taking longer than usual/)).toHaveTextContent("even if you leave this page");
  });

  test("a Pro upgrade asks the billing provider once and welcomes the user when Pro is active", () => {
    queryResults.set(STATUS, { complete: false, creditsAdded: 0, balance: balance(97) });
    const { rerender } = render(page(`?product=pro&since=${SINCE}`));
    expect(actions.get("billing/plan:refresh")).toHaveBeenCalledTimes(1);
    queryResults.set(STATUS, { complete: true, creditsAdded: 0, balance: balance(97, { plan: "pro", unlimited: true }) });
    rerender(page(`?product=pro&since=${SINCE}`));
    expect(screen.getByRole("heading", { name: "Welcome to Pro" })).toBeInTheDocument();
    expect(screen.getByTestId("checkout-result")).toHaveTextContent("unlimited");
  });

  test("a pack purchase doesn't call the plan refresh", () => {
    queryResults.set(STATUS, { complete: false, creditsAdded: 0, balance: balance(97) });
    render(page(`?product=pack500&since=${SINCE}`));
    expect(actions.get("billing/plan:refresh")).not.toHaveBeenCalled();
  });

  test.each(["", "?product=pack500", "?product=pack42&since=5", "?product=pro&since=nope"])(
    "without a valid purchase in the address (%j) there is nothing to confirm",
    (search) => {
      render(page(search));
      expect(screen.getByRole("heading", { name: "Nothing to confirm" })).toBeInTheDocument();
      expect(queryArgs.has(STATUS)).toBe(false);
    },
  );
});
