import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { queryResults, resetFakeConvex } from "@/test/fake-convex";
import { UsagePage } from "./usage-page";

vi.mock("convex/react", async () => (await import("@/test/fake-convex")).fakeConvexReact());

const monthStart = Date.UTC(2031, 2, 1);
const days = Array.from({ length: 31 }, (_, i) => ({ day: i + 1, chat: 0, projectGeneration: 0, urlScrape: 0, total: 0 }));
days[0] = { day: 1, chat: 6, projectGeneration: 0, urlScrape: 0, total: 6 };
days[4] = { day: 5, chat: 3, projectGeneration: 15, urlScrape: 5, total: 23 };

const row = (id: string, fields: Record<string, unknown>) => ({
  _id: id,
  balanceAfter: 0,
  createdAt: monthStart + 4 * 86_400_000,
  ...fields,
});

beforeEach(() => {
  resetFakeConvex();
  queryResults.set("credits:balance", {
    remaining: 71,
    allowance: 71,
    allowanceTotal: 100,
    purchased: 0,
    plan: "free",
    unlimited: false,
    resetsAt: Date.UTC(2031, 3, 1),
    level: "green",
  });
  queryResults.set("usage:spendByDay", { monthStart, today: 5, days, totalSpent: 29, truncated: false });
  queryResults.set("usage:history", [
    row("l4", { kind: "refund", amount: 5, action: "urlScrape", title: "Refund · URL import", detail: "https://example.com/a" }),
    row("l3", { kind: "debit", amount: -5, action: "urlScrape", title: "URL import", detail: "https://example.com/a" }),
    row("l2", {
      kind: "debit",
      amount: -3,
      action: "chat",
      title: "Chat message",
      detail: "Trip ideas",
      link: { type: "chat", displayId: "CH-000007" },
    }),
    row("l1", { kind: "signup_grant", amount: 100, title: "Welcome credits" }),
  ]);
});

const render_ = () =>
  render(
    <MemoryRouter>
      <UsagePage />
    </MemoryRouter>,
  );

describe("usage page", () => {
  test("shows the balance and what was spent this month", () => {
    render_();
    expect(screen.getByTestId("usage-balance")).toHaveTextContent("71");
    expect(screen.getByTestId("usage-spent")).toHaveTextContent("29");
    expect(screen.getByText("April 1, 2031")).toBeInTheDocument();
  });

  test("charts every day of the month, stacked by action, with an accessible table", () => {
    render_();
    const chart = screen.getByTestId("spend-chart");
    const bars = Array.from(chart.querySelectorAll<HTMLElement>("[data-day]"));
    expect(bars).toHaveLength(31);
    expect(bars.map((bar) => Number(bar.dataset.total)).filter((total) => total > 0)).toEqual([6, 23]);
    // Day 5 has three coloured segments (chat, AI projects, URL imports).
    expect(bars[4]!.querySelectorAll(".bg-blue-500, .bg-violet-500, .bg-amber-400")).toHaveLength(3);
    const table = screen.getByRole("table");
    expect(within(table).getAllByRole("row").map((tr) => tr.textContent)).toEqual([
      "DayTotalChatAI projectsURL imports",
      "Mar 16600",
      "Mar 5233155",
    ]);
  });

  test("lists the ledger newest first with signed amounts and what each row was for", () => {
    render_();
    const rows = screen.getAllByTestId("ledger-row");
    expect(rows.map((r) => r.dataset.kind)).toEqual(["refund", "debit", "debit", "signup_grant"]);
    expect(rows[0]).toHaveTextContent("Refund · URL import");
    expect(rows[0]).toHaveTextContent("+5");
    expect(rows[1]).toHaveTextContent("−5");
    expect(within(rows[2]!).getByRole("link", { name: "Trip ideas" })).toHaveAttribute("href", "/chat/CH-000007");
    expect(rows[3]).toHaveTextContent("+100");
  });
});
