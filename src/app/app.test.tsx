import { render, screen, within } from "@testing-library/react";
import { beforeEach, expect, test, vi } from "vitest";
import { AuthSessionContext } from "@/lib/auth-session";
import { queryResults, resetFakeConvex } from "@/test/fake-convex";
import { AppRouter } from "./router";

vi.mock("convex/react", async () => (await import("@/test/fake-convex")).fakeConvexReact());

const balance = {
  remaining: 42,
  allowance: 42,
  allowanceTotal: 100,
  purchased: 0,
  plan: "free",
  unlimited: false,
  resetsAt: Date.UTC(2031, 0, 1),
  level: "yellow",
};

function renderAt(path: string) {
  window.history.pushState({}, "", path);
  render(
    <AuthSessionContext.Provider value={{ mode: "dev", devName: "Ada", signOut: () => {} }}>
      <AppRouter />
    </AuthSessionContext.Provider>,
  );
}

beforeEach(() => {
  resetFakeConvex();
  localStorage.clear();
  queryResults.set("credits:balance", balance);
  queryResults.set("users:me", { _id: "u1", name: "Ada Lovelace" });
});

test("renders the app shell: navigation with Chat AI, the live credit badge and the account menu", async () => {
  renderAt("/no/such/page");
  expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
  const nav = screen.getAllByRole("navigation", { name: "Main" })[0];
  for (const label of ["Dashboard", "Chat AI", "Pricing", "Usage"]) {
    expect(within(nav).getByRole("link", { name: label })).toBeInTheDocument();
  }
  expect(within(nav).getByRole("link", { name: "Chat AI" })).toHaveAttribute("href", "/chat");
  expect(screen.getByTestId("credit-badge")).toHaveAttribute("data-level", "yellow");
  expect(screen.getByTestId("credit-badge-value")).toHaveTextContent("42");
  expect(screen.getByRole("button", { name: "Account menu for Ada Lovelace" })).toBeInTheDocument();
});

test("lazily loads the chat page for a deep link; an unknown chat id is a friendly not-found", async () => {
  queryResults.set("chat/sessions:get", null);
  queryResults.set("chat/sessions:list", []);
  renderAt("/chat/CH-999999");
  expect(await screen.findByRole("heading", { name: "Chat not found" }, { timeout: 5000 })).toBeInTheDocument();
  expect(screen.getByText("CH-999999")).toBeInTheDocument();
});
