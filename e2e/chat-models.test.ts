import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { api } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";
import { apiClientFor, shot, watchReply } from "./chat-helpers";
import { setupE2E, signIn } from "./harness";

/*
 * Models in the chat, with the two offline models: pick one, see it in the
 * header and under the reply (the premium reasoning model says "Thinking…"
 * first), reach the free plan's premium cap, and fall back to the standard
 * model from the blocking dialog.
 */

const e2e = setupE2E();
const USER = "Mona Models";

const headerModel = (page: Page) => page.getByTestId("chat-model");
const lastReplyModel = (page: Page) => page.getByTestId("assistant-message").last().getByTestId("reply-model");

async function pickModel(page: Page, label: string) {
  await page.getByTestId("model-picker").click();
  await page.getByRole("menuitemradio", { name: new RegExp(label) }).click();
  await page.getByTestId("model-picker").filter({ hasText: label }).waitFor();
}

async function send(page: Page, text: string) {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
}

describe("chat models", () => {
  test("switch model, see it in the header and the reply, reach the premium cap, fall back to standard", async () => {
    const page = await e2e.newPage();
    await signIn(page, USER);
    await page.goto(`${e2e.server.webUrl}/chat`);
    expect(await page.getByTestId("model-picker").textContent()).toContain("Offline Fast");

    await send(page, "Hello, fast model");
    await page.waitForURL(/\/chat\/CH-\d{6}$/);
    await headerModel(page).filter({ hasText: "Offline Fast" }).waitFor();
    expect((await watchReply(page)).status).toBe("complete");
    expect(await lastReplyModel(page).textContent()).toContain("Offline Fast");

    // The premium reasoning model: remembered by the chat, thinks visibly before answering.
    await pickModel(page, "Offline Reasoning");
    await headerModel(page).filter({ hasText: "Offline Reasoning" }).waitFor();
    await send(page, "Weigh two plans for me");
    await page.getByTestId("thinking-notice").waitFor({ timeout: 30_000 });
    await shot(page, "chat-models-01-thinking");
    expect((await watchReply(page)).status).toBe("complete");
    expect(await lastReplyModel(page).textContent()).toMatch(/Offline Reasoning · thought for \d+ tokens/);
    await page.reload();
    await headerModel(page).filter({ hasText: "Offline Reasoning" }).waitFor();
    expect(await page.getByTestId("model-picker").textContent()).toContain("Offline Reasoning");

    // The chat's info panel adds up its replies.
    await page.getByTestId("chat-info-button").click();
    const info = page.getByRole("dialog", { name: "Chat info" });
    await info.waitFor();
    // The totals load when the panel opens.
    await expect.poll(() => info.textContent()).toMatch(/Replies answered\s*2/);
    expect(await info.textContent()).toMatch(/Credits used\s*6/);
    await shot(page, "chat-models-02-info-panel");
    await page.keyboard.press("Escape");

    // Use up the month's premium messages from a second client (1 used, 19 to go).
    const other = await apiClientFor(e2e.server.apiUrl, USER);
    let sessionId: Id<"chatSessions"> | undefined;
    for (let i = 0; i < 19; i++) {
      const result = await other.mutation(api.chat.messages.send, {
        sessionId,
        text: `Background premium ${i}`,
        clientRequestId: `e2e-premium-${i}`,
        includeContext: false,
        modelId: "offline-reasoning",
      });
      sessionId = result.sessionId;
    }
    await page.getByTestId("model-picker").click();
    await page.getByText("0 of 20 premium messages left this month").waitFor();
    await shot(page, "chat-models-03-picker-at-cap");
    await page.keyboard.press("Escape");

    await send(page, "One more deep thought");
    const dialog = page.getByRole("dialog", { name: "Premium messages used up" });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("20 messages a month on premium models");
    await shot(page, "chat-models-04-premium-limit-dialog");
    await dialog.getByRole("button", { name: "Use Offline Fast" }).click();
    await dialog.waitFor({ state: "detached" });
    await headerModel(page).filter({ hasText: "Offline Fast" }).waitFor();
    const box = page.getByRole("textbox", { name: "Message" });
    expect(await box.inputValue()).toBe("One more deep thought");

    await box.press("Enter");
    await page.getByTestId("user-message").filter({ hasText: "One more deep thought" }).waitFor();
    expect((await watchReply(page)).status).toBe("complete");
    expect(await lastReplyModel(page).textContent()).toContain("Offline Fast");

    // Phone width: the picker and the header's model fit beside the rest.
    await page.setViewportSize({ width: 375, height: 740 });
    await shot(page, "chat-models-05-phone");
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.goto(`${e2e.server.webUrl}/usage`);
    const table = page.getByTestId("model-usage");
    await table.waitFor();
    expect(await table.textContent()).toContain("Offline Reasoning");
    expect(await page.getByTestId("usage-premium").textContent()).toContain("0 of 20");
    await shot(page, "chat-models-06-usage-by-model");
  });
});
