import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { redirectTo } from "../hooks/use-checkout";
import { actions, queryResults, resetFakeConvex } from "../test/fake-convex";
import { balance, catalogue } from "../test/fixtures";
import { CheckoutReturnPage } from "./checkout-return-page";
import { PricingPage } from "./pricing-page";

vi.mock("convex/react", async () => (await import("../test/fake-convex")).fakeConvexReact());

/** Buying from a blocked action comes back to it: /pricing?returnTo=… → checkout → /billing/return?returnTo=… */
function at(path: string) {
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/pricing" element={<PricingPage />} />
        <Route path="/billing/return" element={<CheckoutReturnPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  resetFakeConvex();
  queryResults.set("billing/catalogue:get", catalogue());
  queryResults.set("credits:balance", balance(1));
  actions.set("billing/plan:refresh", vi.fn().mockResolvedValue({ plan: "free" }));
  vi.spyOn(redirectTo, "assign").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe("buying keeps your place", () => {
  test("arriving from Buy more, the packs have focus and checkout will come back to the chat", async () => {
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    const start = vi.fn().mockResolvedValue({ url: "http://127.0.0.1:3290/_helm/checkout/session" });
    actions.set("billing/checkout:start", start);
    at("/pricing?returnTo=%2Fchat%2FCH-000007#packs");

    expect(screen.getByRole("heading", { name: "Credit packs" })).toHaveFocus();
    expect(scrolled).toHaveBeenCalled();
    expect(screen.getByRole("link", { name: "Back to your chat" })).toHaveAttribute("href", "/chat/CH-000007");

    await userEvent.click(screen.getByRole("button", { name: "Buy 500 credits" }));
    const dialog = await screen.findByRole("dialog", { name: "Buy 500 credits" });
    await userEvent.click(within(dialog).getByRole("button", { name: /Continue to checkout/ }));
    const origin = window.location.origin;
    expect(start).toHaveBeenCalledWith({
      product: "pack500",
      successUrl: `${origin}/billing/return?returnTo=%2Fchat%2FCH-000007`,
      cancelUrl: `${origin}/pricing?checkout=cancelled&returnTo=%2Fchat%2FCH-000007`,
    });
  });

  test("after paying, the way on is back to the chat, not a new one", () => {
    queryResults.set("billing/purchases:status", { complete: true, creditsAdded: 500, balance: balance(501) });
    at("/billing/return?returnTo=%2Fchat%2FCH-000007&product=pack500&checkout=k57checkout1");
    expect(screen.getByRole("link", { name: "Back to your chat" })).toHaveAttribute("href", "/chat/CH-000007");
    expect(screen.queryByRole("link", { name: "Start chatting" })).toBeNull();
  });

  test("a return address on another site is ignored", () => {
    queryResults.set("billing/purchases:status", { complete: true, creditsAdded: 500, balance: balance(501) });
    at("/billing/return?returnTo=%2F%2Fevil.example%2F&product=pack500&checkout=k57checkout1");
    expect(screen.getByRole("link", { name: "Start chatting" })).toHaveAttribute("href", "/chat");
  });
});
