import { ConvexHttpClient } from "convex/browser";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { api } from "../convex/_generated/api";
import { screenshot, setupE2E, signIn } from "./harness";

/*
 * Test-mode billing end to end: the real pricing page and checkout action,
 * the offline test Autumn (checkout, card on file, customer portal), a
 * Svix-signed webhook into the real HTTP action — or none, when it is lost
 * — and the live badge.
 */

const e2e = setupE2E();

async function clientFor(name: string): Promise<ConvexHttpClient> {
  const response = await fetch(`${e2e.server.apiUrl}/_helm/dev-auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name }),
  });
  const { token } = (await response.json()) as { token: string };
  const client = new ConvexHttpClient(e2e.server.apiUrl);
  client.setAuth(token);
  return client;
}

async function badgeText(page: Page): Promise<string> {
  return ((await page.getByTestId("credit-badge-value").textContent()) ?? "").trim();
}

async function waitForBadge(page: Page, text: string) {
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid="credit-badge-value"]')?.textContent?.trim() === expected,
    text,
    { timeout: 30_000 },
  );
}

const credits = (text: string) => Number(text.replace(/,/g, ""));

/** Lets open/close animations settle so a screenshot shows the resting state. */
async function settle(page: Page) {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
}

/**
 * Pages scroll inside <main>, so a "full page" screenshot is just the
 * viewport: grow the viewport to the content for the shot, then restore it.
 */
async function screenshotAll(page: Page, name: string) {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => {
    const main = document.getElementById("main");
    return main ? main.scrollHeight + main.getBoundingClientRect().top : document.body.scrollHeight;
  });
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height)) });
  await settle(page);
  await screenshot(page, name);
  await page.setViewportSize(viewport);
}

describe("test-mode billing", () => {
  test("Buy more from the blocking dialog → pack → test checkout → Pay → badge up by exactly the pack", async () => {
    const page = await e2e.newPage();
    await signIn(page, "Billie Buyer");
    await waitForBadge(page, "100");

    // Spend down to 1 credit (33 chats of 3) from another client.
    const other = await clientFor("Billie Buyer");
    for (let i = 0; i < 33; i++) {
      await other.mutation(api.chat.messages.send, {
        text: `Spending message ${i}`,
        clientRequestId: `e2e-billing-drain-${i}`,
        includeContext: false,
      });
    }
    await waitForBadge(page, "1");

    await page.goto(`${e2e.server.webUrl}/chat`);
    await page.getByPlaceholder("Message Helm…").fill("One more question, please");
    await page.getByRole("button", { name: "Send message" }).click();
    const blocking = page.getByRole("dialog", { name: "Not enough credits" });
    await blocking.waitFor({ timeout: 30_000 });
    await screenshot(page, "billing-1-blocking-dialog");

    await blocking.getByRole("link", { name: "Buy more" }).click();
    // Buy more goes to the packs, remembering the chat to come back to.
    await page.waitForURL(/\/pricing\?returnTo=%2Fchat#packs$/, { timeout: 30_000 });
    await page.getByTestId("pack-pack500").waitFor({ timeout: 30_000 });
    await page.getByTestId("billing-test-mode").waitFor();
    await screenshotAll(page, "billing-2-pricing");
    const before = credits(await badgeText(page));
    expect(before).toBe(1);

    await page.getByRole("button", { name: "Buy 500 credits" }).click();
    const purchase = page.getByRole("dialog", { name: "Buy 500 credits" });
    await purchase.waitFor();
    expect(await purchase.getByTestId("purchase-total").textContent()).toBe("$5");
    expect(await purchase.getByTestId("balance-after").textContent()).toContain("501 credits");
    await settle(page);
    await screenshot(page, "billing-3-purchase-dialog");
    await purchase.getByRole("button", { name: /Continue to checkout/ }).click();

    await page.waitForURL(/\/_helm\/checkout\/session/, { timeout: 30_000 });
    await page.getByText("TEST MODE").first().waitFor();
    expect(await page.getByRole("heading", { name: "500 credits" }).count()).toBe(1);
    await screenshot(page, "billing-4-test-checkout");
    await page.getByRole("button", { name: "Pay $5" }).click();

    await page.waitForURL(/\/billing\/return\?/, { timeout: 30_000 });
    const result = page.getByTestId("checkout-result");
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toBe("+500 credits");
    await waitForBadge(page, String(before + 500));
    await screenshot(page, "billing-5-return");

    // Redelivery safety as a user would see it: reloading the return page adds nothing.
    await page.reload();
    await page.getByTestId("checkout-result").waitFor({ timeout: 30_000 });
    await waitForBadge(page, "501");
  });

  test("cancelling checkout changes nothing; upgrading to Pro makes the badge say Unlimited", async () => {
    const page = await e2e.newPage();
    await signIn(page, "Pat Pro");
    await waitForBadge(page, "100");
    await page.getByRole("link", { name: "Pricing" }).first().click();
    await page.getByTestId("plan-pro").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("plan-free").getByTestId("current-plan").count()).toBe(1);

    await page.getByRole("button", { name: "Upgrade to Pro" }).click();
    const dialog = page.getByRole("dialog", { name: "Upgrade to Pro" });
    expect(await dialog.getByTestId("purchase-total").textContent()).toBe("$12/month");
    await dialog.getByRole("button", { name: /Continue to checkout/ }).click();
    await page.waitForURL(/\/_helm\/checkout\/session/, { timeout: 30_000 });
    await page.getByRole("link", { name: "Cancel and go back" }).click();
    await page.waitForURL(/\/pricing\?checkout=cancelled/, { timeout: 30_000 });
    await page.getByText("Checkout was cancelled").waitFor({ timeout: 30_000 });
    await waitForBadge(page, "100");

    await page.getByRole("button", { name: "Upgrade to Pro" }).click();
    await page.getByRole("dialog", { name: "Upgrade to Pro" }).getByRole("button", { name: /Continue to checkout/ }).click();
    await page.waitForURL(/\/_helm\/checkout\/session/, { timeout: 30_000 });
    await screenshot(page, "billing-6-pro-checkout");
    await page.getByRole("button", { name: "Pay $12" }).click();

    await page.waitForURL(/\/billing\/return\?/, { timeout: 30_000 });
    await page.getByRole("heading", { name: "Welcome to Pro" }).waitFor({ timeout: 30_000 });
    await waitForBadge(page, "Unlimited");
    await screenshot(page, "billing-7-pro-return");

    await page.goto(`${e2e.server.webUrl}/pricing`);
    await page.getByTestId("plan-pro").getByTestId("current-plan").waitFor({ timeout: 30_000 });
    expect(await page.getByRole("button", { name: "Upgrade to Pro" }).count()).toBe(0);
    await screenshotAll(page, "billing-10-pricing-on-pro");
  });

  test("a pack whose webhook is lost still arrives; Pro → Manage billing → cancel → ends on … → expires → free", async () => {
    const page = await e2e.newPage();
    await signIn(page, "Lena Lifecycle");
    await waitForBadge(page, "100");

    // A pack bought with its webhook lost: the return page asks Autumn's customer API after its timeout.
    await page.getByRole("link", { name: "Pricing" }).first().click();
    await page.getByRole("button", { name: "Buy 500 credits" }).click();
    await page.getByRole("dialog", { name: "Buy 500 credits" }).getByRole("button", { name: /Continue to checkout/ }).click();
    await page.waitForURL(/\/_helm\/checkout\/session/, { timeout: 30_000 });
    await page.getByLabel(/Lose this webhook/).check();
    await page.getByRole("button", { name: "Pay $5" }).click();
    await page.waitForURL(/\/billing\/return\?/, { timeout: 30_000 });
    await page.getByRole("heading", { name: "Confirming your payment…" }).waitFor({ timeout: 30_000 });
    await waitForBadge(page, "100");
    const result = page.getByTestId("checkout-result");
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toBe("+500 credits");
    await waitForBadge(page, "600");
    await screenshot(page, "billing-11-lost-webhook-reconciled");

    // Pro, charged to the test card now on file: no payment page.
    await page.goto(`${e2e.server.webUrl}/pricing`);
    await page.getByRole("button", { name: "Upgrade to Pro" }).click();
    await page.getByRole("dialog", { name: "Upgrade to Pro" }).getByRole("button", { name: /Continue to checkout/ }).click();
    await page.waitForURL(/\/billing\/return\?/, { timeout: 30_000 });
    await page.getByRole("heading", { name: "Welcome to Pro" }).waitFor({ timeout: 30_000 });
    await waitForBadge(page, "Unlimited");

    const proStatus = async (pattern: RegExp) => {
      await page.waitForFunction(
        (source) => new RegExp(source).test(document.querySelector('[data-testid="pro-status"]')?.textContent ?? ""),
        pattern.source,
        { timeout: 30_000 },
      );
      return ((await page.getByTestId("pro-status").textContent()) ?? "").trim();
    };
    await page.goto(`${e2e.server.webUrl}/pricing`);
    const renews = await proStatus(/renews on/);
    expect(renews).toMatch(/^Pro · renews on \w+ \d{1,2}, \d{4}$/);
    expect(await page.getByTestId("purchased-kept").textContent()).toContain("500 purchased credits are kept");

    // Manage billing → Autumn's (test) customer portal → cancel.
    await page.getByRole("button", { name: "Manage billing" }).click();
    await page.waitForURL(/\/_helm\/checkout\/portal/, { timeout: 30_000 });
    await page.getByRole("button", { name: "Cancel subscription" }).click();
    await page.getByText(/Cancelled · ends on/).waitFor({ timeout: 30_000 });
    await screenshot(page, "billing-12-portal-cancelled");
    await page.getByRole("link", { name: "Return to Helm" }).click();
    await page.waitForURL(/\/pricing/, { timeout: 30_000 });
    const ends = await proStatus(/ends on/);
    expect(ends).toBe(renews.replace("renews on", "ends on"));
    await page.getByText("Cancelled: your credits stay unlimited until then.").waitFor();
    await waitForBadge(page, "Unlimited");
    await screenshotAll(page, "billing-13-pro-until");

    // The period ends (the portal's test button does what Autumn does at expires_at): free again, purchases kept.
    await page.getByRole("button", { name: "Manage billing" }).click();
    await page.waitForURL(/\/_helm\/checkout\/portal/, { timeout: 30_000 });
    await page.getByRole("button", { name: "End the period now (test)" }).click();
    await page.getByText("No active subscriptions.").waitFor({ timeout: 30_000 });
    await page.getByRole("link", { name: "Return to Helm" }).click();
    await page.getByRole("button", { name: "Upgrade to Pro" }).waitFor({ timeout: 30_000 });
    await waitForBadge(page, "600");
    expect(await page.getByTestId("plan-free").getByTestId("current-plan").count()).toBe(1);
    await screenshotAll(page, "billing-14-free-again");
  });

  test("the pricing page fits a 375px phone", async () => {
    const page = await e2e.newPage({ viewport: { width: 375, height: 812 } });
    await signIn(page, "Phoebe Phone");
    await page.goto(`${e2e.server.webUrl}/pricing`);
    await page.getByTestId("pack-pack5000").waitFor({ timeout: 30_000 });
    const overflow = await page.evaluate(() => {
      const main = document.getElementById("main")!;
      return Math.max(document.documentElement.scrollWidth, main.scrollWidth) - window.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshotAll(page, "billing-8-pricing-375");
    await page.getByRole("button", { name: "Buy 1,000 credits" }).click();
    await page.getByRole("dialog", { name: "Buy 1,000 credits" }).waitFor();
    await settle(page);
    await screenshot(page, "billing-9-purchase-dialog-375");
  });
});
