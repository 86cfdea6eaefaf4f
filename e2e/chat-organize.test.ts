import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { api } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";
import { apiClientFor, shot } from "./chat-helpers";
import { setupE2E, signIn } from "./harness";

/*
 * Organising chats in Chromium: find a message from the Cmd/Ctrl+K palette
 * and land on it, archive a chat and restore it, download a chat's export
 * and "Export my data" and read them back.
 */

const e2e = setupE2E();
const NAME = "Orla Organiser";
const TARGET = "Plan a week in Zanzibar with snorkelling";

/** A chat whose first message is far above the bottom, and a second chat. */
async function seedChats() {
  const client = await apiClientFor(e2e.server.apiUrl, NAME);
  let sessionId: Id<"chatSessions"> | undefined;
  const texts = [TARGET, "What should I pack? [long]", "And the budget?", "Any food tips? [long]"];
  for (const [i, text] of texts.entries()) {
    const sent = await client.mutation(api.chat.messages.send, {
      sessionId,
      text,
      clientRequestId: `organise-${i}`,
      includeContext: false,
    });
    sessionId = sent.sessionId;
  }
  await client.mutation(api.chat.messages.send, {
    text: "Draft a shopping list",
    clientRequestId: "organise-other",
    includeContext: false,
  });
  return client;
}

async function download(page: Page, start: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), start()]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, "utf8") };
}

const sidebar = (page: Page) => page.getByRole("complementary", { name: "Chat history" });

describe("search, archive and export", () => {
  test("palette search opens the chat at the message; archive and restore; exports read back", { timeout: 240_000 }, async () => {
    const page = await e2e.newPage();
    await signIn(page, NAME);
    await seedChats();

    // Search from the palette, by keyboard, from the dashboard.
    await page.keyboard.press("Control+k");
    const box = page.getByRole("combobox", { name: /search chats/i });
    await box.waitFor();
    await page.keyboard.type("zanzib");
    // The user's own message (its row says "You"), not the chat whose title matches too.
    const hit = page
      .getByRole("group", { name: "Messages" })
      .getByRole("option")
      .filter({ hasText: /You/ })
      .filter({ has: page.locator("mark", { hasText: "Zanzibar" }) });
    await hit.first().waitFor({ timeout: 15_000 });
    await shot(page, "organize-01-palette-search");
    // The message result comes after the chat-title match: walk to it with the arrows.
    for (let i = 0; i < 10 && !(await hit.first().getAttribute("aria-selected"))?.includes("true"); i++) {
      await page.keyboard.press("ArrowDown");
    }
    expect(await box.getAttribute("aria-activedescendant")).toBe(await hit.first().getAttribute("id"));
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/chat\/CH-\d{6}/);
    const target = page.locator("[data-message-id][data-highlighted]");
    await target.waitFor({ timeout: 30_000 });
    // The highlight fades after a few seconds: read everything about it at once.
    const { text, inView } = await target.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const scroller = document.querySelector('[data-testid="message-scroller"]')!.getBoundingClientRect();
      return { text: el.textContent ?? "", inView: box.top >= scroller.top - 1 && box.top < scroller.bottom };
    });
    expect(text).toContain(TARGET);
    // Scrolled into view although the chat opens at its bottom.
    expect(inView).toBe(true);
    await shot(page, "organize-02-opened-at-message");
    await page.waitForURL((url) => !url.search.includes("message="));

    // Archive from the chat header: it leaves the sidebar and the composer gives way to a notice.
    const title = (await page.getByTestId("chat-title").textContent())!;
    await page.locator('[data-testid="chat-options"]:visible').click();
    await page.getByRole("menuitem", { name: "Archive" }).click();
    await page.getByText("This chat is archived").waitFor();
    await page.getByRole("menu").waitFor({ state: "detached" });
    await expect.poll(() => sidebar(page).getByRole("link", { name: title }).count()).toBe(0);
    await shot(page, "organize-03-archived-chat");

    // The Archived view lists it; Restore brings it back to the sidebar.
    await sidebar(page).getByRole("link", { name: "Archived chats" }).click();
    const dialog = page.getByRole("dialog", { name: "Archived chats" });
    await dialog.getByRole("link", { name: title }).waitFor();
    await shot(page, "organize-04-archived-view");
    await dialog.getByRole("button", { name: `Restore ${title}` }).click();
    await dialog.getByText("No archived chats.").waitFor();
    await page.keyboard.press("Escape");
    await sidebar(page).getByRole("link", { name: title }).waitFor();
    await page.getByRole("textbox", { name: "Message" }).waitFor();

    // Archive and restore by keyboard through the sidebar row's menu.
    const archivedUrl = page.url();
    await sidebar(page).getByRole("button", { name: `Options for ${title}` }).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === "Rename");
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === "Archive");
    await page.keyboard.press("Enter");
    await page.getByRole("menu").waitFor({ state: "detached" });
    await expect.poll(() => sidebar(page).getByRole("link", { name: title }).count()).toBe(0);
    // The open chat was archived, so the page moves to the next chat, whose composer takes focus once it
    // has loaded; only then reach for the Archived view, or that focus would land after ours.
    await page.waitForURL((url) => url.href !== archivedUrl);
    await page.waitForFunction(() => document.activeElement?.id === "chat-input");
    await sidebar(page).getByRole("link", { name: "Archived chats" }).focus();
    await page.keyboard.press("Enter");
    await dialog.getByRole("button", { name: `Restore ${title}` }).focus();
    await page.keyboard.press("Enter");
    await dialog.getByText("No archived chats.").waitFor();
    await page.keyboard.press("Escape");
    await sidebar(page).getByRole("link", { name: title }).click();
    // Everything below is also true of the chat on screen before: wait for this one.
    await page.waitForURL(archivedUrl);
    await page.getByTestId("chat-title").filter({ hasText: title }).waitFor();
    await page.getByRole("textbox", { name: "Message" }).waitFor();

    // One chat as Markdown and as JSON.
    await page.getByTestId("assistant-message").last().waitFor();
    await page.waitForFunction(
      () => ![...document.querySelectorAll('[data-testid="assistant-message"]')].some((el) => el.getAttribute("data-status") === "streaming"),
      undefined,
      { timeout: 60_000 },
    );
    const markdown = await download(page, async () => {
      await page.locator('[data-testid="chat-options"]:visible').click();
      await page.getByRole("menuitem", { name: "Export as Markdown" }).click();
    });
    expect(markdown.name).toMatch(/\.md$/);
    expect(markdown.text.startsWith(`# ${title}\n`)).toBe(true);
    expect(markdown.text).toContain(`## You\n\n`);
    expect(markdown.text).toContain(TARGET);
    const json = await download(page, async () => {
      await page.locator('[data-testid="chat-options"]:visible').click();
      await page.getByRole("menuitem", { name: "Export as JSON" }).click();
    });
    const chat = JSON.parse(json.text) as { format: string; chat: { title: string }; messages: Array<{ role: string; content: string }> };
    expect(chat.format).toBe("helm.chat");
    expect(chat.chat.title).toBe(title);
    expect(chat.messages).toHaveLength(8);
    expect(chat.messages[0]).toMatchObject({ role: "user", content: TARGET });

    // Everything of the user's, from the Archived view's "Export my data".
    await sidebar(page).getByRole("link", { name: "Archived chats" }).click();
    const all = await download(page, () => page.getByRole("button", { name: "Export my data" }).click());
    const data = JSON.parse(all.text) as Record<string, Array<Record<string, unknown>>> & { format: string };
    expect(data.format).toBe("helm.export");
    expect(data.chats).toHaveLength(2);
    expect(data.messages).toHaveLength(10);
    expect(data.ledger.filter((row) => row.kind === "debit")).toHaveLength(5);
    expect(new Set([...data.chats, ...data.messages, ...data.ledger].map((row) => row.userId)).size).toBe(1);
    await shot(page, "organize-05-export");
  });

  test("on a phone: the palette and the Archived view fit the screen", { timeout: 120_000 }, async () => {
    const page = await e2e.newPage({ viewport: { width: 375, height: 812 } });
    await signIn(page, NAME);
    await page.getByRole("button", { name: /search/i }).click();
    await page.keyboard.type("zanzibar");
    await page.getByRole("option").filter({ has: page.locator("mark") }).first().waitFor({ timeout: 15_000 });
    await shot(page, "organize-06-phone-palette");
    await page.keyboard.press("Escape");
    await page.goto(`${e2e.server.webUrl}/chat?view=archived`);
    await page.getByRole("dialog", { name: "Archived chats" }).waitFor();
    await shot(page, "organize-07-phone-archived");
  });
});
