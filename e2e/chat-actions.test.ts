import type { Page } from "playwright-core";
import { afterAll, describe, expect, test } from "vitest";
import { badgeValue, GREETING, shot, tabTo, waitForBadge, waitForReplyStatus, watchReply } from "./chat-helpers";
import { setupE2E, signIn } from "./harness";

/*
 * Message actions: copy as Markdown, continue a stopped reply, regenerate,
 * edit and resend, and flip through versions — by mouse on a desktop, by
 * keyboard alone, and from the tap menu on a phone; custom and chat
 * instructions set from the account menu and the chat header.
 */

const e2e = setupE2E();
const contexts: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
});

const lastReply = (page: Page) => page.getByTestId("assistant-message").last();
const replyText = async (page: Page) =>
  (await lastReply(page).getByTestId("assistant-content").textContent()) ?? "";
const versionOf = async (page: Page, testId: "assistant-message" | "user-message") =>
  await page.getByTestId(testId).last().getByTestId("version-label").textContent();

async function desktopPage(name: string): Promise<Page> {
  const page = await e2e.newPage();
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: e2e.server.webUrl });
  await signIn(page, name);
  await page.goto(`${e2e.server.webUrl}/chat`);
  await page.getByRole("heading", { name: GREETING }).waitFor();
  await waitForBadge(page, 100);
  return page;
}

async function send(page: Page, text: string) {
  await page.getByLabel("Message", { exact: true }).fill(text);
  await page.keyboard.press("Enter");
  await page.getByTestId("user-message").filter({ hasText: text }).waitFor();
}

/** The newest reply's version label reads `label`: the new version replaced the old one on screen. */
async function waitForReplyVersion(page: Page, label: string) {
  await page.waitForFunction(
    (expected) => {
      const replies = document.querySelectorAll('[data-testid="assistant-message"]');
      return replies[replies.length - 1]?.querySelector('[data-testid="version-label"]')?.textContent === expected;
    },
    label,
    { timeout: 30_000 },
  );
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

describe("message actions", () => {
  test("by mouse: stop and continue, regenerate, versions, edit, copy — each paid action once", async () => {
    const page = await desktopPage("Mia Mouse");
    await send(page, "[slow] Plan a picnic");
    await page.waitForURL(/\/chat\/CH-\d{6}$/);
    await page.waitForFunction(() => {
      const all = document.querySelectorAll('[data-testid="assistant-content"]');
      return (all[all.length - 1]?.textContent ?? "").length > 30;
    }, undefined, { timeout: 30_000 });
    await page.getByRole("button", { name: "Stop generating" }).click();
    await waitForReplyStatus(page, "stopped");
    const stopped = await replyText(page);
    await shot(page, "chat-actions-01-stopped");

    // Continue: the stopped text stays and the reply goes on from it, as version 2.
    await lastReply(page).getByRole("button", { name: "Continue reply" }).click();
    await waitForReplyVersion(page, "2 / 2");
    expect((await watchReply(page)).status).toBe("complete");
    const continued = await replyText(page);
    expect(continued.startsWith(stopped.replace(/…$/, "").trim().slice(0, 20))).toBe(true);
    expect(continued.length).toBeGreaterThan(stopped.length);
    expect(await versionOf(page, "assistant-message")).toBe("2 / 2");
    await expect.poll(() => badgeValue(page)).toBe(94);

    await lastReply(page).getByRole("button", { name: "Previous version" }).click();
    await waitForReplyStatus(page, "stopped");
    expect(await versionOf(page, "assistant-message")).toBe("1 / 2");
    await lastReply(page).getByRole("button", { name: "Next version" }).click();
    await waitForReplyStatus(page, "complete");

    // Regenerate: a third version, charged once.
    await lastReply(page).getByRole("button", { name: "Regenerate reply" }).click();
    await waitForReplyVersion(page, "3 / 3");
    expect((await watchReply(page)).status).toBe("complete");
    expect(await versionOf(page, "assistant-message")).toBe("3 / 3");
    await expect.poll(() => badgeValue(page)).toBe(91);
    await shot(page, "chat-actions-02-versions");

    // Copy the reply: its Markdown source, emphasis markers and all.
    await lastReply(page).hover();
    await lastReply(page).getByRole("button", { name: "Copy reply" }).click();
    await page.getByText("Copied as Markdown").waitFor();
    expect(await clipboard(page)).toMatch(/^\*\(Offline model/);

    // Edit the question (revealed on hover): the chat continues from the edit.
    const question = page.getByTestId("user-message").last();
    await question.hover();
    await shot(page, "chat-actions-03-hover");
    await question.getByRole("button", { name: "Edit message" }).click();
    const box = page.getByRole("textbox", { name: "Edit message" });
    expect(await box.inputValue()).toBe("[slow] Plan a picnic");
    await box.fill("Plan a barbecue");
    await shot(page, "chat-actions-04-editing");
    await page.getByRole("button", { name: "Send · 3 credits" }).click();
    // The open editor holds the new text too: the edit has landed once it closes.
    await page.getByTestId("edit-message-form").waitFor({ state: "detached" });
    await page.getByTestId("user-message").filter({ hasText: "Plan a barbecue" }).waitFor();
    expect((await watchReply(page)).status).toBe("complete");
    expect(await replyText(page)).toContain("Plan a barbecue");
    expect(await versionOf(page, "user-message")).toBe("2 / 2");
    expect(await page.getByTestId("assistant-message").count()).toBe(1);
    await expect.poll(() => badgeValue(page)).toBe(88);

    // The earlier question comes back with its own three replies.
    await page.getByTestId("user-message").last().getByRole("button", { name: "Previous version" }).click();
    await page.getByTestId("user-message").filter({ hasText: "Plan a picnic" }).waitFor();
    expect(await versionOf(page, "assistant-message")).toBe("3 / 3");
    const userCopy = page.getByTestId("user-message").last();
    await userCopy.hover();
    await userCopy.getByRole("button", { name: "Copy message" }).click();
    await expect.poll(() => clipboard(page)).toBe("[slow] Plan a picnic");
    // Flipping versions is free.
    expect(await badgeValue(page)).toBe(88);
  });

  test("by keyboard only: edit with ⌘/Ctrl+Enter, versions, regenerate, copy, stop and continue", async () => {
    const page = await desktopPage("Kai Keys");
    await send(page, "Hello there");
    await page.waitForURL(/\/chat\/CH-\d{6}$/);
    expect((await watchReply(page)).status).toBe("complete");

    // The question's actions are hidden until focus reaches them.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, { label: "Edit message" });
    await shot(page, "chat-actions-05-keyboard-focus");
    await page.keyboard.press("Enter");
    // The button is labelled "Edit message" too: wait for the editor's box.
    await page.waitForFunction(
      () => document.activeElement?.tagName === "TEXTAREA" && document.activeElement.getAttribute("aria-label") === "Edit message",
    );
    // Escape cancels, leaving the message as it was.
    await page.keyboard.press("Escape");
    await page.getByTestId("edit-message-form").waitFor({ state: "detached" });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, { label: "Edit message" });
    await page.keyboard.press("Enter");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("Hello again");
    await page.keyboard.press("ControlOrMeta+Enter");
    await page.getByTestId("edit-message-form").waitFor({ state: "detached" });
    await page.getByTestId("user-message").filter({ hasText: "Hello again" }).waitFor();
    expect((await watchReply(page)).status).toBe("complete");
    await expect.poll(() => badgeValue(page)).toBe(94);

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, { label: "Previous version" });
    await page.keyboard.press("Enter");
    await page.getByTestId("user-message").filter({ hasText: "Hello there" }).waitFor();
    // The version shown is another message, yet focus stays on its ‹ (now at the end): Tab, Enter goes back.
    await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Previous version");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByTestId("user-message").filter({ hasText: "Hello again" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Next version");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await page.getByTestId("user-message").filter({ hasText: "Hello there" }).waitFor();

    // Regenerate the reply of the first version by keyboard.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, { label: "Regenerate reply" });
    await page.keyboard.press("Enter");
    await waitForReplyVersion(page, "2 / 2");
    expect((await watchReply(page)).status).toBe("complete");
    expect(await versionOf(page, "assistant-message")).toBe("2 / 2");
    await expect.poll(() => badgeValue(page)).toBe(91);

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, { label: "Copy reply" });
    await page.keyboard.press("Enter");
    await expect.poll(() => clipboard(page)).toContain("You said: “Hello there”");

    // Stop from the composer and continue, both by keyboard.
    await page.getByLabel("Message", { exact: true }).focus();
    await page.keyboard.type("[slow] Tell me more");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => {
      const all = document.querySelectorAll('[data-testid="assistant-content"]');
      return (all[all.length - 1]?.textContent ?? "").length > 30;
    }, undefined, { timeout: 30_000 });
    // While it is written, the versions above it wait (the server would refuse the switch).
    const earlier = page.getByTestId("user-message").first();
    await earlier.hover();
    expect(await earlier.getByRole("button", { name: "Next version" }).getAttribute("aria-disabled")).toBe("true");
    await shot(page, "chat-actions-11-waiting-for-reply");
    await page.getByRole("button", { name: "Stop generating" }).focus();
    await page.keyboard.press("Enter");
    await waitForReplyStatus(page, "stopped");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, { label: "Continue reply" }, 80);
    await page.keyboard.press("Enter");
    await waitForReplyVersion(page, "2 / 2");
    expect((await watchReply(page)).status).toBe("complete");
    expect(await versionOf(page, "assistant-message")).toBe("2 / 2");
    await expect.poll(() => badgeValue(page)).toBe(85);
  });

  test("on a phone: the tap menu regenerates; versions and instructions from the top bar", async () => {
    const context = await e2e.browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(e2e.server.webUrl);
    await signIn(page, "Pia Phone");
    await page.goto(`${e2e.server.webUrl}/chat`);
    await page.getByRole("heading", { name: GREETING }).waitFor();
    await send(page, "Ideas for a birthday");
    await page.waitForURL(/\/chat\/CH-\d{6}$/);
    expect((await watchReply(page)).status).toBe("complete");

    // No hover on a touch screen: the inline buttons give way to one menu button.
    expect(await lastReply(page).getByRole("button", { name: "Regenerate reply" }).isVisible()).toBe(false);
    await lastReply(page).getByRole("button", { name: "More actions for this reply" }).tap();
    await shot(page, "chat-actions-06-phone-menu");
    await page.getByRole("menuitem", { name: "Regenerate reply" }).tap();
    await waitForReplyVersion(page, "2 / 2");
    expect((await watchReply(page)).status).toBe("complete");
    expect(await versionOf(page, "assistant-message")).toBe("2 / 2");
    await lastReply(page).getByRole("button", { name: "Previous version" }).tap();
    await page.waitForFunction(() => {
      const all = document.querySelectorAll('[data-testid="version-label"]');
      return all[all.length - 1]?.textContent === "1 / 2";
    });
    await shot(page, "chat-actions-07-phone-versions");

    // The chat's instructions from the top bar's chat menu; they show as on.
    await page.getByRole("banner").getByRole("button", { name: "Chat options" }).tap();
    await page.getByRole("menuitem", { name: "Instructions" }).tap();
    await page.getByRole("textbox", { name: "Instructions" }).fill("Answer in one short paragraph.");
    await shot(page, "chat-actions-08-phone-chat-instructions");
    await page.getByRole("button", { name: "Save" }).tap();
    await page.getByRole("banner").getByRole("button", { name: "Chat options" }).tap();
    await page.getByRole("menuitem", { name: "Instructions (on)" }).waitFor();
    await page.keyboard.press("Escape");
  });

  test("custom instructions from the account menu apply to the next reply and show in the chat", async () => {
    const page = await desktopPage("Ida Instructions");
    await page.getByRole("button", { name: "Account menu for Ida Instructions" }).click();
    await page.getByRole("menuitem", { name: "Custom instructions" }).click();
    await page.getByLabel("What should Helm know about you?").fill("I run a bakery.");
    await page.getByLabel("How should Helm answer?").fill("Short answers.");
    await shot(page, "chat-actions-09-custom-instructions");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Custom instructions saved").waitFor();

    await send(page, "What should I bake?");
    await page.waitForURL(/\/chat\/CH-\d{6}$/);
    expect((await watchReply(page)).status).toBe("complete");
    const button = page.getByRole("button", { name: "Instructions (on for this chat)" });
    await button.click();
    expect(await page.getByTestId("custom-instructions-summary").textContent()).toContain("I run a bakery. · Short answers.");
    await page.getByRole("textbox", { name: "Instructions" }).fill("Only sourdough.");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Chat instructions saved").waitFor();
    await page.getByRole("button", { name: "Chat info" }).click();
    expect(await page.getByTestId("chat-info-instructions").textContent()).toContain("Only sourdough.");
    // The totals load when the panel opens.
    await expect.poll(() => page.getByTestId("chat-info").textContent()).toMatch(/Created.*Messages, all versions2/);
    await shot(page, "chat-actions-10-chat-info");
  });
});
