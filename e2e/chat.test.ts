import { describe, expect, test } from "vitest";
import { api } from "../convex/_generated/api";
import {
  apiClientFor,
  badgeValue,
  GREETING,
  openChat,
  shot,
  spendMessages,
  waitForBadge,
  waitForReplyStatus,
  watchReply,
} from "./chat-helpers";
import { setupE2E, signIn } from "./harness";

/*
 * The Chat AI page on a desktop, against `npm run dev` and the offline model:
 * a streamed reply and its cost, Markdown, stop, failures with retry, rename,
 * delete, deep links and not-found.
 */

const e2e = setupE2E();
const USER = "Chat Tester";

describe("Chat AI on a desktop", () => {
  let chatUrl = "";

  test("a suggested prompt starts a chat; the reply streams in and costs exactly 3 credits", async () => {
    const page = await e2e.newPage();
    await signIn(page, USER);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Chat AI" }).click();
    await page.getByRole("heading", { name: GREETING }).waitFor();
    await waitForBadge(page, 100);
    expect(await page.getByTestId("message-cost").textContent()).toContain("3 credits");
    await shot(page, "chat-01-empty-state");

    await page.getByRole("button", { name: /Plan my week/ }).click();
    await page.waitForURL(/\/chat\/CH-\d{6}$/);
    chatUrl = page.url();
    await page.getByTestId("user-message").filter({ hasText: "Help me plan a focused week" }).waitFor();

    const { status, lengths } = await watchReply(page, () => shot(page, "chat-02-streaming").then(() => undefined));
    expect(status).toBe("complete");
    // The text grew while we watched: at least two different partial lengths before the end.
    expect(lengths.length).toBeGreaterThanOrEqual(2);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    await expect.poll(() => badgeValue(page)).toBe(97);
    expect(await page.getByText("Offline model").count()).toBeGreaterThan(0);
    // The chat got a title from the first message, in the header and the sidebar.
    expect(await page.getByTestId("chat-title").textContent()).toMatch(/^Help me plan a focused week/);
    await shot(page, "chat-03-reply-complete");
  });

  test("Markdown replies: a table and highlighted code with a working copy button", async () => {
    const page = await e2e.newPage();
    await signIn(page, USER);
    const replies = await openChat(page, chatUrl);
    const n = await replies.count();
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("Give me the details [long]");
    await box.press("Enter");
    await replies.nth(n).waitFor();
    expect((await watchReply(page)).status).toBe("complete");
    const reply = page.getByTestId("assistant-message").last();
    await reply.getByRole("table").waitFor();
    await reply.getByRole("button", { name: "Copy code" }).waitFor();
    // The highlighter chunk arrives lazily; once it has, tokens carry hljs classes.
    await reply.locator("pre [class^='hljs-']").first().waitFor({ timeout: 15_000 });
    await reply.getByRole("button", { name: "Copy code" }).click();
    await reply.getByRole("button", { name: "Copied" }).waitFor();
    await shot(page, "chat-04-markdown");
  });

  test("a second tab of the chat shows the question with its row, the reply as it streams, and how it ended", async () => {
    const writer = await e2e.newPage();
    await signIn(writer, USER);
    await openChat(writer, chatUrl);
    const reader = await e2e.newPage();
    await signIn(reader, USER);
    const replies = await openChat(reader, chatUrl);
    const n = await replies.count();
    // Long enough to arrive in several groups, so the reader sees it grow.
    const question = "What should come first on Monday? [tokens:400]";
    const box = writer.getByRole("textbox", { name: "Message" });
    await box.fill(question);
    await box.press("Enter");
    // The question's text comes with its row (no second read), so it never shows empty.
    const asked = reader.getByTestId("user-message").filter({ hasText: question });
    await asked.waitFor();
    await replies.nth(n).waitFor();
    const { status, lengths } = await watchReply(reader, () => shot(reader, "chat-04b-second-tab-streaming").then(() => undefined));
    expect(status).toBe("complete");
    expect(lengths.length).toBeGreaterThanOrEqual(2);
    // How the reply ended comes with its live text: it is labelled with its model, and says the same in both tabs.
    await replies.nth(n).getByTestId("reply-model").waitFor();
    await waitForReplyStatus(writer, "complete");
    const text = (page: typeof reader) => page.getByTestId("assistant-content").last().textContent();
    await expect.poll(() => text(writer)).toBe(await text(reader));
    await shot(reader, "chat-04c-second-tab-complete");
  });

  test("Stop ends a streaming reply and keeps its text; a failed reply offers Retry, which tries again", async () => {
    const page = await e2e.newPage();
    await signIn(page, USER);
    const replies = await openChat(page, chatUrl);
    const n = await replies.count();
    const box = page.getByRole("textbox", { name: "Message" });
    const before = await badgeValue(page);

    await box.fill("Take your time [slow]");
    await box.press("Enter");
    // The new reply's own words (not an earlier reply's, nor the typing indicator's).
    await replies.nth(n).locator('[data-testid="assistant-content"]:not(:has([role="status"]))').filter({ hasText: /\w{3}/ }).waitFor();
    await page.getByRole("button", { name: "Stop generating" }).click();
    await waitForReplyStatus(page, "stopped");
    const stopped = page.getByTestId("assistant-message").last();
    expect(await stopped.getByText("Stopped").count()).toBe(1);
    expect(((await stopped.getByTestId("assistant-content").textContent()) ?? "").length).toBeGreaterThan(0);
    await expect.poll(() => badgeValue(page)).toBe(before - 3);
    await shot(page, "chat-05-stopped");

    await box.fill("This one breaks [error-500]");
    await box.press("Enter");
    await waitForReplyStatus(page, "error");
    const failed = page.getByTestId("assistant-message").last();
    await failed.getByRole("alert").waitFor();
    // Failed replies are refunded.
    await expect.poll(() => badgeValue(page)).toBe(before - 3);
    expect(await box.inputValue()).toBe("");
    await shot(page, "chat-06-error-with-retry");

    // Record every status the reply passes through while retrying.
    await failed.evaluate((el) => {
      const seen: string[] = [];
      (window as unknown as { __statuses: string[] }).__statuses = seen;
      new MutationObserver(() => seen.push(el.getAttribute("data-status") ?? "")).observe(el, {
        attributes: true,
        attributeFilter: ["data-status"],
      });
    });
    await failed.getByRole("button", { name: "Retry" }).click();
    // The trigger is still in the message, so the retry fails again — but it did run (streaming first).
    await page.waitForFunction(() => {
      const s = (window as unknown as { __statuses: string[] }).__statuses;
      return s.includes("streaming") && s[s.length - 1] === "error";
    });
    await expect.poll(() => badgeValue(page)).toBe(before - 3);
  });

  test("rename (Enter saves) and delete (after confirming, moves to the next chat)", async () => {
    const page = await e2e.newPage();
    await signIn(page, USER);
    await page.goto(`${e2e.server.webUrl}/chat`);
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("A second conversation");
    await box.press("Enter");
    await page.waitForURL(/\/chat\/CH-\d{6}$/);
    await watchReply(page);
    const secondUrl = page.url();

    const sidebar = page.getByRole("complementary", { name: "Chat history" });
    const active = sidebar.locator('a[aria-current="page"]');
    expect(await active.textContent()).toBe("A second conversation");
    await sidebar.getByRole("button", { name: "Options for A second conversation" }).click();
    await page.getByRole("menuitem", { name: "Rename" }).click();
    const title = sidebar.getByRole("textbox", { name: "Chat title" });
    await title.fill("Renamed in the sidebar");
    await shot(page, "chat-07-renaming");
    await title.press("Enter");
    await sidebar.getByRole("link", { name: "Renamed in the sidebar" }).waitFor();
    await expect.poll(() => page.getByTestId("chat-title").textContent()).toBe("Renamed in the sidebar");
    // What shows is the optimistic title: reload once the server has it, or the rename may go with the page.
    const me = await apiClientFor(e2e.server.apiUrl, USER);
    const displayId = secondUrl.split("/").pop()!;
    await expect.poll(async () => (await me.query(api.chat.sessions.get, { displayId }))?.title).toBe("Renamed in the sidebar");
    await page.reload();
    await sidebar.getByRole("link", { name: "Renamed in the sidebar" }).waitFor();

    await sidebar.getByRole("button", { name: "Options for Renamed in the sidebar" }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete this chat?" });
    await confirm.waitFor();
    await shot(page, "chat-08-delete-confirm");
    await confirm.getByRole("button", { name: "Delete chat" }).click();
    await page.waitForURL(chatUrl);
    await sidebar.getByRole("link", { name: "Renamed in the sidebar" }).waitFor({ state: "detached" });
    expect(page.url()).not.toBe(secondUrl);

    await page.goto(secondUrl);
    await page.getByRole("heading", { name: "Chat not found" }).waitFor();
  });

  test("deep links survive a reload; unknown and other people's chats show a friendly not-found", async () => {
    const page = await e2e.newPage();
    await signIn(page, USER);
    await page.goto(chatUrl);
    await page.getByTestId("user-message").first().waitFor();
    const messages = await page.getByTestId(/^(user|assistant)-message$/).count();
    await page.reload();
    await page.getByTestId("user-message").first().waitFor();
    expect(await page.getByTestId(/^(user|assistant)-message$/).count()).toBe(messages);
    expect(await page.getByTestId("chat-title").textContent()).toMatch(/^Help me plan a focused week/);
    await shot(page, "chat-09-deep-link-reload");

    await page.goto(`${e2e.server.webUrl}/chat/CH-999999`);
    await page.getByRole("heading", { name: "Chat not found" }).waitFor();
    await shot(page, "chat-10-not-found");

    // Display ids count per user, so the stranger's chat must carry a number
    // this user has not used: otherwise the link rightly opens the user's own chat.
    const mine = await (await apiClientFor(e2e.server.apiUrl, USER)).query(api.chat.sessions.list, {
      paginationOpts: { numItems: 100, cursor: null },
    });
    const myIds = new Set(mine.page.map((s) => s.displayId));
    const stranger = await apiClientFor(e2e.server.apiUrl, "Someone Else");
    let sessionId = (await stranger.mutation(api.chat.sessions.create, {})).sessionId;
    for (let i = 0; i < 100; i++) {
      const created = await stranger.mutation(api.chat.sessions.create, {});
      sessionId = created.sessionId;
      if (!myIds.has(created.displayId)) break;
    }
    const theirs = await stranger.mutation(api.chat.messages.send, {
      sessionId,
      text: "My private chat",
      clientRequestId: "e2e-foreign-chat",
      includeContext: false,
    });
    await page.goto(`${e2e.server.webUrl}/chat/${theirs.displayId}`);
    await page.getByRole("heading", { name: "Chat not found" }).waitFor();
    expect(await page.getByText("My private chat").count()).toBe(0);
  });

  test("the context toggle brings my projects into the reply and is remembered per chat", async () => {
    const me = await apiClientFor(e2e.server.apiUrl, USER);
    const projectId = await me.mutation(api.projects.projects.create, { name: "Orion Launch" });
    await me.mutation(api.projects.tasks.add, { projectId, title: "Draft the press release" });

    const page = await e2e.newPage();
    await signIn(page, USER);
    await page.goto(`${e2e.server.webUrl}/chat`);
    const toggle = page.getByRole("switch", { name: /projects & tasks/i });
    expect(await toggle.getAttribute("aria-checked")).toBe("false");
    await toggle.click();
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("What should I focus on next?");
    await box.press("Enter");
    await page.waitForURL(/\/chat\/CH-\d{6}$/);
    expect((await watchReply(page)).status).toBe("complete");
    const reply = (await page.getByTestId("assistant-content").last().textContent()) ?? "";
    expect(reply).toMatch(/Orion Launch|Draft the press release/);
    await shot(page, "chat-11-with-project-context");

    await page.reload();
    await expect.poll(() => page.getByRole("switch", { name: /projects & tasks/i }).getAttribute("aria-checked")).toBe("true");
    await page.getByRole("switch", { name: /projects & tasks/i }).click();
    const displayId = page.url().split("/").pop()!;
    await expect.poll(async () => (await me.query(api.chat.sessions.get, { displayId }))?.includeContext).toBe(false);
    await page.reload();
    await expect.poll(() => page.getByRole("switch", { name: /projects & tasks/i }).getAttribute("aria-checked")).toBe("false");
  });

  test("long lists load page by page: older chats on scrolling the sidebar, older messages on scrolling up", async () => {
    const name = "Lots Of Chats";
    const client = await apiClientFor(e2e.server.apiUrl, name);
    for (let i = 0; i < 30; i++) await client.mutation(api.chat.sessions.create, { title: `Topic ${String(i).padStart(2, "0")}` });
    await spendMessages(client, 17, "long-chat"); // one chat with 34 messages, the most recent

    const page = await e2e.newPage();
    await signIn(page, name);
    await page.goto(`${e2e.server.webUrl}/chat`);
    const list = page.getByRole("complementary", { name: "Chat history" }).getByRole("navigation", { name: "Chats" });
    await list.getByRole("link").first().waitFor();
    const firstPage = await list.getByRole("link").count();
    expect(firstPage).toBeLessThan(31);
    expect(await list.getByRole("link", { name: "Topic 00" }).count()).toBe(0);
    await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await list.getByRole("link", { name: "Topic 00" }).waitFor();
    expect(await list.getByRole("link").count()).toBe(31);

    await list.getByRole("link").first().click();
    await page.waitForURL(/\/chat\/CH-\d{6}$/);
    await page.getByTestId("user-message").filter({ hasText: "Background message 16" }).waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="assistant-message"]')].every((m) => m.getAttribute("data-status") !== "streaming"),
    );
    expect(await page.getByTestId("user-message").filter({ hasText: "Background message 0 " }).count()).toBe(0);
    const scroller = page.getByTestId("message-scroller");
    // Scroll up in steps, like a reader would, until the first message has loaded.
    for (let i = 0; i < 40; i++) {
      if ((await page.getByTestId("user-message").filter({ hasText: "Background message 0 " }).count()) > 0) break;
      await scroller.evaluate((el) => el.scrollBy({ top: -600 }));
      await page.waitForTimeout(150);
    }
    await page.getByTestId("user-message").filter({ hasText: "Background message 0 " }).waitFor();
    expect(await page.getByTestId(/^(user|assistant)-message$/).count()).toBe(34);
    await page.getByRole("button", { name: "Jump to latest" }).click();
    await page.getByRole("button", { name: "Jump to latest" }).waitFor({ state: "detached" });
    await scroller.evaluate(
      (el) =>
        new Promise<void>((resolve) => {
          const check = () => (el.scrollHeight - el.scrollTop - el.clientHeight < 4 ? resolve() : requestAnimationFrame(check));
          check();
        }),
    );
    await shot(page, "chat-12-long-chat");
  });
});
