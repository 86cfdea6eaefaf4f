import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { shot, watchReply } from "./chat-helpers";
import { setupE2E } from "./harness";

/*
 * Guest chat: a signed-out visitor opens the chat, sends the day's 5
 * messages with the standard model, is told when they can chat again (in
 * their own time zone) with Sign up beside it, signs up, and finds the chat
 * in the account's sidebar.
 */

const e2e = setupE2E();

async function send(page: Page, text: string) {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
}

/** Berlin's wall clock at the next UTC midnight, when the day's count starts again. */
function berlinTimeOfNextUtcMidnight(): string {
  const next = (Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000;
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Europe/Berlin" }).format(next);
}

describe("guest chat", () => {
  test("a visitor chats, reaches the daily cap, signs up and finds the chat in the sidebar", async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: "Europe/Berlin" });
    try {
      const page = await context.newPage();
      await page.goto(`${e2e.server.webUrl}/chat`);
      const cost = page.getByTestId("message-cost");
      await cost.filter({ hasText: "5 of 5 left today" }).waitFor({ timeout: 60_000 });
      await expect(page.getByRole("button", { name: "Sign up" }).first().isVisible()).resolves.toBe(true);
      // Guests pick from the standard models only, and have no projects to include.
      expect(await page.getByTestId("model-picker").textContent()).toContain("Offline Fast");
      expect(await page.getByRole("switch").count()).toBe(0);
      await page.getByText("Without an account you can send").waitFor();
      await shot(page, "guest-01-new-chat");

      await send(page, "Plan a weekend in Lisbon");
      await page.waitForURL(/\/chat\/CH-\d{6}$/);
      expect((await watchReply(page)).status).toBe("complete");
      await cost.filter({ hasText: "4 of 5 left today" }).waitFor();
      for (let i = 2; i <= 5; i++) {
        await send(page, `Follow-up number ${i}`);
        await page.getByTestId("assistant-message").nth(i - 1).waitFor();
        expect((await watchReply(page)).status).toBe("complete");
      }
      const notice = page.getByRole("status").filter({ hasText: "You can chat again at" });
      await notice.waitFor();
      expect(await notice.textContent()).toContain(`You can chat again at ${berlinTimeOfNextUtcMidnight()}.`);
      await cost.filter({ hasText: "0 of 5 left today" }).waitFor();
      await shot(page, "guest-02-daily-cap");

      // The dashboard stays signed-in only.
      await page.getByRole("link", { name: "Helm home" }).click();
      await page.getByRole("heading", { name: "This page needs an account" }).waitFor();
      await page.goBack();
      await notice.waitFor();

      await notice.getByRole("button", { name: "Sign up" }).click();
      await page.getByText("Offline mode — dev sign-in").waitFor();
      await page.getByLabel("Your name").fill("Gwen Guest");
      await page.getByRole("button", { name: "Continue" }).click();
      const sidebar = page.getByRole("complementary", { name: "Chat history" });
      await sidebar.getByText("Plan a weekend in Lisbon").waitFor({ timeout: 60_000 });
      // The open chat followed its move: same conversation, now under the account.
      await page.getByTestId("assistant-message").nth(4).waitFor();
      expect(await page.getByTestId("credit-badge-value").textContent()).toMatch(/100/);
      expect(await page.getByTestId("message-cost").textContent()).toContain("3 credits");
      expect(await page.evaluate(() => localStorage.getItem("helm.guestToken"))).toBeNull();
      await shot(page, "guest-03-signed-in");
    } finally {
      await context.close();
    }
  });
});
