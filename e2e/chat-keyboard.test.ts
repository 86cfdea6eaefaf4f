import { describe, expect, test } from "vitest";
import { badgeValue, GREETING, shot, tabTo, waitForBadge, watchReply } from "./chat-helpers";
import { setupE2E, signIn } from "./harness";

/*
 * The whole send flow without a mouse: reach Chat AI from the navigation,
 * send with Enter (Shift+Enter for a new line), send a suggested prompt,
 * rename a chat through its menu, and dismiss the credit popover.
 */

const e2e = setupE2E();

describe("Chat AI by keyboard only", () => {
  test("navigate, compose, send, use a suggested prompt and rename — no mouse", async () => {
    const page = await e2e.newPage();
    await signIn(page, "Kay Board");
    await waitForBadge(page, 100);

    // From the top of the page, Tab to "Chat AI" and follow it.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, { text: "Chat AI", tag: "A" });
    await shot(page, "chat-keyboard-01-nav-focus");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/chat$/);
    await page.getByRole("heading", { name: GREETING }).waitFor();

    // The message box takes focus on arrival.
    await page.waitForFunction(() => document.activeElement?.id === "chat-input");
    await page.keyboard.type("Line one");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("line two");
    await shot(page, "chat-keyboard-02-composing");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/chat\/CH-\d{6}$/);
    expect(await page.getByTestId("user-message").last().textContent()).toBe("Line one\nline two");
    expect((await watchReply(page)).status).toBe("complete");
    await expect.poll(() => badgeValue(page)).toBe(97);

    // Back in the box after the page switched to the new chat: a follow-up is just typing.
    await page.waitForFunction(() => document.activeElement?.id === "chat-input");
    await page.keyboard.type("And a follow-up");
    await page.keyboard.press("Enter");
    await page.getByTestId("user-message").filter({ hasText: "And a follow-up" }).waitFor();
    expect((await watchReply(page)).status).toBe("complete");
    await expect.poll(() => badgeValue(page)).toBe(94);

    // New chat from the sidebar, then a suggested prompt — both by keyboard.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, { text: "New chat", tag: "A" });
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: GREETING }).waitFor();
    // The new chat's composer takes focus once it mounts: let it, then start from the top.
    await page.waitForFunction(() => document.activeElement?.id === "chat-input");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, { text: "Explain a concept", tag: "BUTTON" }, 80);
    await shot(page, "chat-keyboard-03-prompt-focus");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/chat\/CH-\d{6}$/);
    expect((await watchReply(page)).status).toBe("complete");
    await expect.poll(() => badgeValue(page)).toBe(91);

    // Rename the open chat through its options menu (the active row's "…" button).
    const sidebar = page.getByRole("complementary", { name: "Chat history" });
    const optionsLabel = await sidebar.locator('a[aria-current="page"] ~ button').getAttribute("aria-label");
    expect(optionsLabel).toMatch(/^Options for Explain optimistic UI/);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, { label: optionsLabel! });
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Rename" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === "Rename");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Chat title");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("Optimistic UI notes");
    await page.keyboard.press("Enter");
    await sidebar.getByRole("link", { name: "Optimistic UI notes" }).waitFor();

    // The credit badge opens its details with Enter and closes with Escape.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, { label: "91 credits left" });
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Credit details" }).waitFor();
    await shot(page, "chat-keyboard-04-credit-details");
    await page.keyboard.press("Escape");
    await page.getByRole("dialog", { name: "Credit details" }).waitFor({ state: "detached" });
  });
});
