import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { MemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { redirectTo } from "../hooks/use-checkout";
import { actions, queryResults, resetFakeConvex } from "../test/fake-convex";
import { balance, catalogue } from "../test/fixtures";
import { PricingPage } from "./pricing-page";

vi.mock("convex/react", async () => (await import("../test/fake-convex")).fakeConvexReact());

function renderPricing(path = "/pricing") {
  render(
    <MemoryRouter initialEntries={[path]}>
      <PricingPage />
    </MemoryRouter>,
  );
}

let assign: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  resetFakeConvex();
  queryResults.set("billing/catalogue:get", catalogue());
  queryResults.set("credits:balance", balance(97));
  assign = vi.spyOn(redirectTo, "assign").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe("pricing page", () => {
  test("shows Free, Pro at $12/month and the three packs with their price per credit", () => {
    renderPricing();
    const free = screen.getByTestId("plan-free");
    expect(within(free).getByText("$0")).toBeInTheDocument();
    expect(within(free).getByText("100 credits every month")).toBeInTheDocument();
    const pro = screen.getByTestId("plan-pro");
    expect(within(pro).getByText("$12")).toBeInTheDocument();
    expect(within(pro).getByText("Unlimited credits")).toBeInTheDocument();

    const packs = [
      ["pack500", "$5", "1¢ per credit"],
      ["pack1000", "$9", "0.9¢ per credit"],
      ["pack5000", "$40", "0.8¢ per credit"],
    ];
    for (const [key, price, perCredit] of packs) {
      const card = screen.getByTestId(`pack-${key}`);
      expect(within(card).getByText(price)).toBeInTheDocument();
      expect(within(card).getByText(perCredit)).toBeInTheDocument();
    }
    expect(within(screen.getByTestId("pack-pack5000")).getByText("Best value")).toBeInTheDocument();
    expect(within(screen.getByTestId("pack-pack5000")).getByText("Save 20%")).toBeInTheDocument();
    expect(screen.getByText("15 credits")).toBeInTheDocument();
  });

  test("marks Free as the current plan for a free user and offers the upgrade", () => {
    renderPricing();
    expect(within(screen.getByTestId("plan-free")).getByTestId("current-plan")).toBeInTheDocument();
    expect(within(screen.getByTestId("plan-pro")).queryByTestId("current-plan")).toBeNull();
    expect(screen.getByRole("button", { name: "Upgrade to Pro" })).toBeEnabled();
  });

  test("marks Pro as the current plan for a Pro user: when it renews, the credits kept, Manage billing", async () => {
    queryResults.set(
      "credits:balance",
      balance(540, { plan: "pro", unlimited: true, purchased: 500, pro: { renewsAt: Date.UTC(2031, 3, 15) } }),
    );
    actions.set("billing/plan:portal", vi.fn().mockResolvedValue({ url: "https://billing.example/p/1" }));
    renderPricing();
    expect(within(screen.getByTestId("plan-pro")).getByTestId("current-plan")).toBeInTheDocument();
    expect(within(screen.getByTestId("plan-free")).queryByTestId("current-plan")).toBeNull();
    expect(screen.queryByRole("button", { name: "Upgrade to Pro" })).toBeNull();
    expect(screen.getByTestId("pro-status")).toHaveTextContent("Pro · renews on April 15, 2031");
    expect(screen.getByTestId("purchased-kept")).toHaveTextContent("Your 500 purchased credits are kept for after Pro.");
    await userEvent.click(screen.getByRole("button", { name: "Manage billing" }));
    expect(actions.get("billing/plan:portal")).toHaveBeenCalledWith({ returnUrl: `${window.location.origin}/pricing` });
    expect(assign).toHaveBeenCalledWith("https://billing.example/p/1");
  });

  test("a cancelled Pro says when it ends", () => {
    queryResults.set("credits:balance", balance(40, { plan: "pro", unlimited: true, pro: { endsAt: Date.UTC(2031, 3, 15) } }));
    renderPricing();
    expect(screen.getByTestId("pro-status")).toHaveTextContent("Pro · ends on April 15, 2031");
    expect(screen.getByText(/Cancelled: your credits stay unlimited until then/)).toBeInTheDocument();
  });

  test("says when billing runs in test mode", () => {
    renderPricing();
    expect(screen.getByTestId("billing-test-mode")).toHaveTextContent("Test mode");
  });

  test("real Autumn billing shows no test-mode notice", () => {
    queryResults.set("billing/catalogue:get", catalogue("autumn"));
    renderPricing();
    expect(screen.queryByTestId("billing-test-mode")).toBeNull();
  });

  test("tells the user when they come back from a cancelled checkout", () => {
    renderPricing("/pricing?checkout=cancelled");
    expect(screen.getByText(/Checkout was cancelled/)).toBeInTheDocument();
  });
});

describe("buying", () => {
  test("a pack opens a summary with its price and the resulting balance, then goes to checkout", async () => {
    const start = vi.fn().mockResolvedValue({ kind: "redirect", url: "http://127.0.0.1:3290/_helm/checkout/session?x=1" });
    actions.set("billing/checkout:start", start);
    renderPricing();
    await userEvent.click(screen.getByRole("button", { name: "Buy 1,000 credits" }));

    const dialog = await screen.findByRole("dialog", { name: "Buy 1,000 credits" });
    expect(within(dialog).getByTestId("purchase-total")).toHaveTextContent("$9");
    expect(within(dialog).getByTestId("balance-after")).toHaveTextContent("97");
    expect(within(dialog).getByTestId("balance-after")).toHaveTextContent("1,097 credits");

    await userEvent.click(within(dialog).getByRole("button", { name: /Continue to checkout/ }));
    expect(start).toHaveBeenCalledWith({
      product: "pack1000",
      successUrl: `${window.location.origin}/billing/return`,
      cancelUrl: `${window.location.origin}/pricing?checkout=cancelled`,
    });
    expect(assign).toHaveBeenCalledWith("http://127.0.0.1:3290/_helm/checkout/session?x=1");
  });

  test("Pro shows the monthly price and that credits become unlimited", async () => {
    actions.set("billing/checkout:start", vi.fn().mockResolvedValue({ kind: "redirect", url: "https://pay.example" }));
    renderPricing();
    await userEvent.click(screen.getByRole("button", { name: "Upgrade to Pro" }));
    const dialog = await screen.findByRole("dialog", { name: "Upgrade to Pro" });
    expect(within(dialog).getByTestId("purchase-total")).toHaveTextContent("$12/month");
    expect(within(dialog).getByTestId("balance-after")).toHaveTextContent("Unlimited");
    await userEvent.click(within(dialog).getByRole("button", { name: /Continue to checkout/ }));
    expect(actions.get("billing/checkout:start")).toHaveBeenCalledWith(expect.objectContaining({ product: "pro" }));
  });

  test("a checkout that can't start explains why and stays open without redirecting", async () => {
    actions.set(
      "billing/checkout:start",
      vi.fn().mockRejectedValue(new ConvexError({ code: "BILLING_UNAVAILABLE", message: "down" })),
    );
    renderPricing();
    await userEvent.click(screen.getByRole("button", { name: "Buy 500 credits" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.click(within(dialog).getByRole("button", { name: /Continue to checkout/ }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Billing is unavailable right now");
    expect(assign).not.toHaveBeenCalled();
    expect(within(dialog).getByRole("button", { name: /Continue to checkout/ })).toBeEnabled();
  });

  test("a payment that needs the user (3-D Secure) says what to do, offers Manage billing, and doesn't redirect", async () => {
    actions.set(
      "billing/checkout:start",
      vi.fn().mockResolvedValue({
        kind: "actionRequired",
        code: "3ds_required",
        message: "Your bank needs you to confirm this payment. Open Manage billing to confirm or change your card.",
      }),
    );
    actions.set("billing/plan:portal", vi.fn().mockResolvedValue({ url: "https://billing.example/p/2" }));
    renderPricing();
    await userEvent.click(screen.getByRole("button", { name: "Buy 500 credits" }));
    const dialog = await screen.findByRole("dialog");
    await userEvent.click(within(dialog).getByRole("button", { name: /Continue to checkout/ }));
    const notice = await within(dialog).findByTestId("payment-action-required");
    expect(notice).toHaveTextContent("The payment wasn't completed. Nothing was charged.");
    expect(notice).toHaveTextContent("Your bank needs you to confirm this payment");
    expect(assign).not.toHaveBeenCalled();
    await userEvent.click(within(notice).getByRole("button", { name: "Manage billing" }));
    expect(assign).toHaveBeenCalledWith("https://billing.example/p/2");
  });

  test("cancelling the dialog starts nothing", async () => {
    const start = vi.fn();
    actions.set("billing/checkout:start", start);
    renderPricing();
    await userEvent.click(screen.getByRole("button", { name: "Buy 5,000 credits" }));
    await userEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(start).not.toHaveBeenCalled();
  });
});
