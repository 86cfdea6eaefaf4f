import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, test } from "vitest";
import type { Balance } from "./balance";
import { CreditBadgeView } from "./credit-badge";
import { testBalance } from "./test-balance";

const RESETS = Date.UTC(2031, 6, 1);

const balance = (remaining: number, extra: Partial<Balance> = {}) => testBalance(remaining, { resetsAt: RESETS, ...extra });

function renderBadge(b: Balance) {
  render(
    <MemoryRouter>
      <CreditBadgeView balance={b} />
    </MemoryRouter>,
  );
  return screen.getByTestId("credit-badge");
}

describe("credit badge colour thresholds", () => {
  test.each([
    [100, "green"],
    [51, "green"],
    [50, "yellow"],
    [20, "yellow"],
    [19, "red"],
    [0, "red"],
  ])("%i credits is %s", (remaining, level) => {
    const badge = renderBadge(balance(remaining));
    expect(badge).toHaveAttribute("data-level", level);
    expect(badge).toHaveTextContent(String(remaining));
  });

  test("one credit is singular, and the name starts with what the badge shows", () => {
    const one = renderBadge(balance(1));
    expect(one).toHaveTextContent(/^1 credit$/);
    expect(one).toHaveAccessibleName("1 credit left");
    cleanup();
    const many = renderBadge(balance(1001, { allowance: 100, purchased: 901 }));
    expect(many).toHaveTextContent("1,001 credits");
    expect(many).toHaveAccessibleName("1,001 credits left");
  });

  test("Pro shows Unlimited instead of a number", () => {
    const badge = renderBadge(balance(3, { plan: "pro", unlimited: true }));
    expect(badge).toHaveAttribute("data-level", "unlimited");
    expect(badge).toHaveTextContent("Unlimited");
    expect(badge).not.toHaveTextContent("3");
  });
});

describe("credit details popover", () => {
  test("shows allowance, purchased credits and the next reset date", async () => {
    const badge = renderBadge(balance(140, { allowance: 40, purchased: 100 }));
    await userEvent.click(badge);
    const details = await screen.findByRole("dialog", { name: "Credit details" });
    expect(within(details).getByText("40 / 100")).toBeInTheDocument();
    expect(within(details).getByText("Purchased credits").nextSibling).toHaveTextContent("100");
    expect(within(details).getByText(/July 1, 2031/)).toBeInTheDocument();
    expect(within(details).getByRole("link", { name: "Buy more" })).toHaveAttribute("href", "/pricing");
  });
});

describe("Pro details", () => {
  test("say when Pro renews and keep the purchased credits in view", async () => {
    const badge = renderBadge(
      balance(600, { plan: "pro", unlimited: true, purchased: 500, pro: { renewsAt: Date.UTC(2031, 3, 15) } }),
    );
    await userEvent.click(badge);
    const details = await screen.findByRole("dialog", { name: "Credit details" });
    expect(within(details).getByTestId("credit-badge-plan")).toHaveTextContent("Pro · renews on April 15, 2031");
    expect(within(details).getByText("Purchased credits kept").nextSibling).toHaveTextContent("500");
  });

  test("say when a cancelled Pro ends", async () => {
    const badge = renderBadge(balance(100, { plan: "pro", unlimited: true, pro: { endsAt: Date.UTC(2031, 3, 15) } }));
    await userEvent.click(badge);
    const details = await screen.findByRole("dialog", { name: "Credit details" });
    expect(within(details).getByTestId("credit-badge-plan")).toHaveTextContent("Pro · ends on April 15, 2031");
  });
});
