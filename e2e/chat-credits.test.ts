import { describe, expect, test } from "vitest";
import { apiClientFor, shot, spendMessages, startCountingToasts, toastCount, waitForBadge, watchReply } from "./chat-helpers";
import { setupE2E, signIn } from "./harness";

/*
 * Credit UX around chat: the badge colours, the low-balance toast (once per
 * crossing, not again after a reload) and the blocking dialog at 0 credits
 * that keeps the typed message. Credits are spent from a second client as
 * the same user, through the public API, to get there quickly.
 */

const e2e = setupE2E();
const USER = "Penny Spender";
const LOW_TOAST = "Running low on credits";

describe("chat credits", () => {
  test("badge colours follow the balance; the low-balance toast shows once per crossing", async () => {
    const page = await e2e.newPage();
    await signIn(page, USER);
    await page.goto(`${e2e.server.webUrl}/chat`);
    const badge = page.getByTestId("credit-badge");
    await waitForBadge(page, 100);
    expect(await badge.getAttribute("data-level")).toBe("green");
    await startCountingToasts(page, LOW_TOAST);

    const other = await apiClientFor(e2e.server.apiUrl, USER);
    await spendMessages(other, 17, "to-49"); // 100 → 49
    await waitForBadge(page, 49);
    expect(await badge.getAttribute("data-level")).toBe("yellow");
    await spendMessages(other, 9, "to-22"); // 49 → 22
    await waitForBadge(page, 22);
    expect(await badge.getAttribute("data-level")).toBe("yellow");
    expect(await toastCount(page)).toBe(0);

    // This send, from the page, crosses below 20.
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("This one takes me under twenty");
    await box.press("Enter");
    await waitForBadge(page, 19);
    expect(await badge.getAttribute("data-level")).toBe("red");
    await page.getByText(LOW_TOAST).first().waitFor();
    await watchReply(page);
    await shot(page, "chat-credits-01-low-balance-toast");

    // Spending further while already low doesn't warn again…
    await spendMessages(other, 2, "to-13"); // 19 → 13
    await waitForBadge(page, 13);
    await page.waitForTimeout(1000);
    expect(await toastCount(page)).toBe(1);

    // …and neither does a reload.
    await page.reload();
    await startCountingToasts(page, LOW_TOAST);
    await waitForBadge(page, 13);
    await page.waitForTimeout(1500);
    expect(await toastCount(page)).toBe(0);

    // Details in the badge's popover.
    await badge.click();
    const details = page.getByRole("dialog", { name: "Credit details" });
    await details.waitFor();
    expect(await details.textContent()).toMatch(/Monthly allowance\s*13 \/ 100/);
    expect(await details.textContent()).toMatch(/Allowance resets\s*\w+ 1, \d{4}/);
    await shot(page, "chat-credits-02-badge-popover");
    await page.keyboard.press("Escape");
  });

  test("at 0 credits sending opens the blocking dialog and the typed message stays", async () => {
    const page = await e2e.newPage();
    await signIn(page, USER);
    const other = await apiClientFor(e2e.server.apiUrl, USER);
    await spendMessages(other, 4, "to-1"); // 13 → 1
    await page.goto(`${e2e.server.webUrl}/chat`);
    await waitForBadge(page, 1);

    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("Please summarise my week");
    await box.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Not enough credits" });
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? "";
    expect(text).toContain("Sending a message costs 3 credits, and you have 1 credit left.");
    expect(text).toMatch(/refills to 100 on \w+ 1, \d{4}/);
    await shot(page, "chat-credits-03-blocking-dialog");

    // Blocking: a click on the backdrop does not dismiss it.
    await page.mouse.click(10, 400);
    await page.waitForTimeout(300);
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByRole("button", { name: "Not now" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await box.inputValue()).toBe("Please summarise my week");
    expect(await page.getByTestId("user-message").count()).toBe(0);

    // A suggested prompt at 0 credits fills the box instead of vanishing.
    await page.getByRole("button", { name: /Explain a concept/ }).click();
    await dialog.waitFor();
    await dialog.getByRole("link", { name: "Buy more" }).click();
    // Buy more goes to the packs, remembering the chat to come back to.
    await page.waitForURL(/\/pricing\?returnTo=%2Fchat#packs$/);
    await shot(page, "chat-credits-04-buy-more-pricing");
  });
});
