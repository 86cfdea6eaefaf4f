import { act, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { actions, queryArgs, queryResults, resetFakeConvex } from "../test/fake-convex";
import { balance } from "../test/fixtures";
import { CheckoutReturnPage, SLOW_CONFIRMATION_MS } from "./checkout-return-page";

vi.mock("convex/react", async () => (await import("../test/fake-convex")).fakeConvexReact());

const STATUS = "billing/purchases:status";
const CHECKOUT = "k57checkout1";

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
  actions.set("billing/plan:refresh", vi.fn().mockResolvedValue({ plan: "free", creditsAdded: 0 }));
});
afterEach(() => vi.useRealTimers());

describe("checkout return page", () => {
  test("waits for the purchase, then shows exactly the credits it added and the new balance", () => {
    queryResults.set(STATUS, { product: "pack500", complete: false, creditsAdded: 0, balance: balance(97) });
    const { rerender } = render(page(`?product=pack500&checkout=${CHECKOUT}`));
    expect(screen.getByRole("heading", { name: "Confirming your payment…" })).toBeInTheDocument();
    expect(queryArgs.get(STATUS)).toEqual({ checkout: CHECKOUT });

    // The reactive query updates when the grant's mutation commits.
    queryResults.set(STATUS, { product: "pack500", complete: true, creditsAdded: 500, balance: balance(597) });
    rerender(page(`?product=pack500&checkout=${CHECKOUT}`));
    expect(screen.getByRole("heading", { name: "Payment received" })).toBeInTheDocument();
    expect(screen.getByTestId("checkout-result")).toHaveTextContent("+500 credits");
    expect(screen.getByText(/Your balance is now 597 credits/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Start chatting" })).toHaveAttribute("href", "/chat");
  });

  test("after the timeout it says so, calmly, and asks Autumn directly (a lost webhook)", () => {
    vi.useFakeTimers();
    queryResults.set(STATUS, { product: "pack1000", complete: false, creditsAdded: 0, balance: balance(97) });
    render(page(`?product=pack1000&checkout=${CHECKOUT}`));
    expect(screen.queryByText(/taking longer than usual/)).toBeNull();
    expect(actions.get("billing/plan:refresh")).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(SLOW_CONFIRMATION_MS));
    expect(screen.getByRole("heading", { name: "Still confirming your payment" })).toBeInTheDocument();
    expect(screen.getByText(/taking longer than usual/)).toHaveTextContent("even if you leave this page");
    expect(actions.get("billing/plan:refresh")).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("button", { name: /Check again|Checking…/ })).toBeInTheDocument();
  });

  test("a Pro upgrade asks the billing provider once and welcomes the user when Pro is active", () => {
    queryResults.set(STATUS, { product: "pro", complete: false, creditsAdded: 0, balance: balance(97) });
    const { rerender } = render(page(`?product=pro&checkout=${CHECKOUT}`));
    expect(actions.get("billing/plan:refresh")).toHaveBeenCalledTimes(1);
    queryResults.set(STATUS, {
      product: "pro",
      complete: true,
      creditsAdded: 0,
      balance: balance(97, { plan: "pro", unlimited: true }),
    });
    rerender(page(`?product=pro&checkout=${CHECKOUT}`));
    expect(screen.getByRole("heading", { name: "Welcome to Pro" })).toBeInTheDocument();
    expect(screen.getByTestId("checkout-result")).toHaveTextContent("unlimited");
  });

  test("a pack purchase doesn't ask Autumn before the timeout", () => {
    queryResults.set(STATUS, { product: "pack500", complete: false, creditsAdded: 0, balance: balance(97) });
    render(page(`?product=pack500&checkout=${CHECKOUT}`));
    expect(actions.get("billing/plan:refresh")).not.toHaveBeenCalled();
  });

  test("someone else's (or an unknown) checkout is nothing to confirm", () => {
    queryResults.set(STATUS, null);
    render(page(`?product=pack500&checkout=${CHECKOUT}`));
    expect(screen.getByRole("heading", { name: "Nothing to confirm" })).toBeInTheDocument();
  });

  test.each(["", "?product=pack500", "?product=pack42&checkout=5", "?checkout=abc"])(
    "without a valid purchase in the address (%j) there is nothing to confirm",
    (search) => {
      render(page(search));
      expect(screen.getByRole("heading", { name: "Nothing to confirm" })).toBeInTheDocument();
      expect(queryArgs.has(STATUS)).toBe(false);
    },
  );
});
