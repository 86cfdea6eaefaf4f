import type { Locator, Page } from "playwright-core";
import { afterAll, describe, expect, test } from "vitest";
import { badgeValue, GREETING, shot, waitForBadge, watchReply } from "./chat-helpers";
import { setupE2E, signIn } from "./harness";

/*
 * The same core chat flow on a 375×812 touch phone: the session list is a
 * drawer, touch targets are at least 44 px.
 */

const e2e = setupE2E();
const USER = "Mo Bile";
const contexts: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
});

async function phonePage(): Promise<Page> {
  const context = await e2e.browser.newContext({
    viewport: { width: 375, height: 812 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(e2e.server.webUrl);
  return page;
}

async function expectTouchSized(target: Locator, what: string) {
  const box = await target.boundingBox();
  expect(box, what).not.toBeNull();
  // Layout sizes come back as floats (43.99998 for a 44px box): compare at 0.01px.
  expect(Math.round(box!.width * 100) / 100, `${what} width`).toBeGreaterThanOrEqual(44);
  expect(Math.round(box!.height * 100) / 100, `${what} height`).toBeGreaterThanOrEqual(44);
}

describe("Chat AI on a phone", () => {
  test("suggested prompt → streamed reply → drawer to switch, rename and delete chats", async () => {
    const page = await phonePage();
    await signIn(page, USER);
    await page.goto(`${e2e.server.webUrl}/chat`);
    await page.getByRole("heading", { name: GREETING }).waitFor();
    await waitForBadge(page, 100);

    // The sidebar is not on screen; the one menu drawer holds the chats. One top bar: the chat's
    // title and New chat sit in the app's bar, beside its single drawer button.
    expect(await page.getByRole("complementary", { name: "Chat history" }).isVisible()).toBe(false);
    const toggle = page.getByRole("button", { name: "Open menu" });
    await expectTouchSized(toggle, "drawer toggle");
    await expectTouchSized(page.getByRole("button", { name: "Send message" }), "send button");
    expect(await page.getByRole("banner").getByRole("heading", { name: "New chat" }).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Show chats" }).count()).toBe(0);
    await shot(page, "chat-mobile-01-empty-state");

    await page.getByRole("button", { name: /Break down a goal/ }).tap();
    await page.waitForURL(/\/chat\/CH-\d{6}$/);
    const firstUrl = page.url();
    const { status, lengths } = await watchReply(page, () => shot(page, "chat-mobile-02-streaming").then(() => undefined));
    expect(status).toBe("complete");
    expect(lengths.length).toBeGreaterThanOrEqual(2);
    await expect.poll(() => badgeValue(page)).toBe(97);
    await shot(page, "chat-mobile-03-reply");

    // A second chat, typed.
    await page.getByRole("link", { name: "New chat" }).tap();
    await page.getByRole("heading", { name: GREETING }).waitFor();
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("Second chat from my phone");
    await page.getByRole("button", { name: "Send message" }).tap();
    await page.waitForURL((url) => /\/chat\/CH-\d{6}$/.test(url.pathname) && url.href !== firstUrl);
    await watchReply(page);
    await expect.poll(() => badgeValue(page)).toBe(94);

    // Drawer: both chats, newest first, the open one highlighted, 44 px rows.
    await toggle.tap();
    const drawer = page.getByRole("dialog", { name: "Menu" });
    await drawer.waitFor();
    const links = drawer.getByRole("navigation", { name: "Chats" }).getByRole("link");
    // The drawer's list may still be loading when it opens.
    await expect
      .poll(() => links.allTextContents())
      .toEqual(["Second chat from my phone", expect.stringMatching(/^Break down the goal/)]);
    expect(await links.first().getAttribute("aria-current")).toBe("page");
    await expectTouchSized(links.first(), "session row");
    await expectTouchSized(drawer.getByRole("button", { name: "Options for Second chat from my phone" }), "session options");
    await expectTouchSized(drawer.getByRole("link", { name: "New chat" }), "new chat");
    await shot(page, "chat-mobile-04-drawer");

    // Picking a chat navigates and closes the drawer.
    await links.nth(1).tap();
    await page.waitForURL(firstUrl);
    await drawer.waitFor({ state: "detached" });
    await page.getByTestId("user-message").filter({ hasText: "Break down the goal" }).waitFor();

    // Rename from the drawer.
    await toggle.tap();
    await drawer.getByRole("button", { name: /^Options for Break down the goal/ }).tap();
    await page.getByRole("menuitem", { name: "Rename" }).tap();
    const title = drawer.getByRole("textbox", { name: "Chat title" });
    await title.fill("Blog launch plan");
    await title.press("Enter");
    await drawer.getByRole("link", { name: "Blog launch plan" }).waitFor();

    // Delete the open chat from the drawer: we land on the remaining one.
    await drawer.getByRole("button", { name: "Options for Blog launch plan" }).tap();
    await page.getByRole("menuitem", { name: "Delete" }).tap();
    const confirm = page.getByRole("dialog", { name: "Delete this chat?" });
    await confirm.waitFor();
    await shot(page, "chat-mobile-05-delete-confirm");
    await confirm.getByRole("button", { name: "Delete chat" }).tap();
    await page.waitForURL((url) => url.href !== firstUrl && /\/chat\/CH-\d{6}$/.test(url.pathname));
    await drawer.getByRole("link", { name: "Blog launch plan" }).waitFor({ state: "detached" });
    await confirm.waitFor({ state: "detached" });
    // Escape closes the drawer (the confirmation has gone).
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
    await page.getByTestId("user-message").filter({ hasText: "Second chat from my phone" }).waitFor();
    await shot(page, "chat-mobile-06-after-delete");
  });

  test("the app menu on a phone opens as a sheet with Chat AI", async () => {
    const page = await phonePage();
    await signIn(page, USER);
    await page.getByRole("button", { name: "Open menu" }).tap();
    const menu = page.getByRole("dialog", { name: "Menu" });
    await menu.getByRole("link", { name: "Chat AI" }).waitFor();
    await shot(page, "chat-mobile-07-app-menu");
    await menu.getByRole("link", { name: "Chat AI" }).tap();
    await page.waitForURL(/\/chat$/);
    await menu.waitFor({ state: "detached" });
  });
});
