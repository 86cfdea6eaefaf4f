import { ConvexHttpClient } from "convex/browser";
import { describe, expect, test } from "vitest";
import { api } from "../convex/_generated/api";
import { screenshot, setupE2E, signIn } from "./harness";

const e2e = setupE2E();

describe("offline sign-in", () => {
  test("a new dev user signs in and sees 100 credits from a live query", async () => {
    const page = await e2e.newPage();
    await page.getByText("Offline mode — dev sign-in").waitFor({ timeout: 60_000 });
    await screenshot(page, "sign-in-screen");
    await signIn(page, "Ada Lovelace");

    const badge = page.getByTestId("credit-badge-value");
    await badge.waitFor({ timeout: 30_000 });
    expect(await badge.textContent()).toBe("100");
    await screenshot(page, "sign-in-balance");

    // Spend credits from outside the page, as Ada in another client: the
    // badge follows without a reload because it is a live subscription.
    const { token } = (await (
      await fetch(`${e2e.server.apiUrl}/_helm/dev-auth/token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name: "Ada Lovelace" }),
      })
    ).json()) as { token: string };
    const other = new ConvexHttpClient(e2e.server.apiUrl);
    other.setAuth(token);
    await other.mutation(api.chat.messages.send, {
      text: "Hello from another client",
      clientRequestId: `e2e-${Date.now()}`,
      includeContext: false,
    });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="credit-badge-value"]')?.textContent === "97",
      undefined,
      { timeout: 30_000 },
    );
    await screenshot(page, "sign-in-live-update");
  });

  test("the name is remembered, and signing out shows the sign-in screen with it as a recent name", async () => {
    const page = await e2e.newPage();
    await signIn(page, "Grace Hopper");
    await page.getByTestId("credit-badge-value").waitFor({ timeout: 30_000 });

    await page.reload();
    await page.getByTestId("credit-badge-value").waitFor({ timeout: 30_000 });
    expect(await page.getByText("Offline mode — dev sign-in").count()).toBe(0);

    await page.evaluate(() => localStorage.removeItem("helm.dev-auth.name"));
    await page.reload();
    await page.getByText("Offline mode — dev sign-in").waitFor({ timeout: 30_000 });
    const recent = page.getByRole("button", { name: /Grace Hopper/ });
    expect(await recent.count()).toBe(1);
    await recent.click();
    await page.getByTestId("credit-badge-value").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("credit-badge-value").textContent()).toBe("100");
  });
});
