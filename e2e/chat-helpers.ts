import { ConvexHttpClient } from "convex/browser";
import type { Page } from "playwright-core";
import { api } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";
import { screenshot } from "./harness";

/** Shared steps for the chat end-to-end tests (e2e/chat*.test.ts). */

export const GREETING = /^(Good (morning|afternoon|evening)|Working late)/;

/** A second client signed in as `name`, for spending credits or making someone else's chat. */
export async function apiClientFor(apiUrl: string, name: string): Promise<ConvexHttpClient> {
  const response = await fetch(`${apiUrl}/_helm/dev-auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name }),
  });
  const { token } = (await response.json()) as { token: string };
  const client = new ConvexHttpClient(apiUrl);
  client.setAuth(token);
  await client.mutation(api.users.store, {});
  return client;
}

/** Spends 3 credits per message through the public API, all in one chat. */
export async function spendMessages(client: ConvexHttpClient, count: number, tag: string) {
  let sessionId: Id<"chatSessions"> | undefined;
  for (let i = 0; i < count; i++) {
    const result = await client.mutation(api.chat.messages.send, {
      sessionId,
      text: `Background message ${i} (${tag})`,
      clientRequestId: `e2e-${tag}-${i}`,
      includeContext: false,
    });
    sessionId = result.sessionId;
  }
}

export async function badgeValue(page: Page): Promise<number> {
  const text = (await page.getByTestId("credit-badge-value").textContent()) ?? "";
  return Number(text.replace(/[^\d]/g, ""));
}

export async function waitForBadge(page: Page, value: number) {
  await page.waitForFunction(
    (expected) =>
      document.querySelector('[data-testid="credit-badge-value"]')?.textContent?.replace(/[^\d]/g, "") ===
      String(expected),
    value,
    { timeout: 30_000 },
  );
}

/**
 * Opens a chat that has replies and waits for its list: before it shows, a
 * message sent gets no optimistic row, and the last reply on screen would be
 * an earlier one. Returns the replies' locator.
 */
export async function openChat(page: Page, url: string) {
  await page.goto(url);
  const replies = page.getByTestId("assistant-message");
  await replies.first().waitFor({ timeout: 30_000 });
  return replies;
}

const lastAssistant = (page: Page) => page.getByTestId("assistant-message").last();

/**
 * Polls the newest reply until it stops streaming; returns the visible text
 * lengths seen along the way (distinct values) and the final status.
 */
export async function watchReply(page: Page, onFirstText?: () => Promise<void>) {
  const lengths: number[] = [];
  let settledLength = -1;
  await lastAssistant(page).waitFor({ timeout: 30_000 });
  for (let i = 0; i < 600; i++) {
    const [status, text] = await lastAssistant(page).evaluate((el) => [
      el.getAttribute("data-status") ?? "",
      el.querySelector('[data-testid="assistant-content"]')?.textContent ?? "",
    ]);
    if (text.length > 0 && lengths[lengths.length - 1] !== text.length) {
      if (lengths.length === 0 && onFirstText) await onFirstText();
      lengths.push(text.length);
    }
    if (status !== "streaming") {
      // The bubble reveals text smoothly and may still be catching up with the
      // final content: each animation frame shows more, so once two frames
      // pass with nothing new, all of it is shown (a starved renderer may run
      // no frame in a fixed 40 ms).
      if (settledLength === text.length) return { status, lengths };
      settledLength = text.length;
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      continue;
    }
    await page.waitForTimeout(40);
  }
  throw new Error("the reply did not finish within ~30 s");
}

export async function waitForReplyStatus(page: Page, status: string) {
  await page.waitForFunction(
    (expected) => {
      const all = document.querySelectorAll('[data-testid="assistant-message"]');
      return all[all.length - 1]?.getAttribute("data-status") === expected;
    },
    status,
    { timeout: 30_000 },
  );
}

/**
 * Lets animations (dialogs, drawers, fades) settle so screenshots show the
 * resting state. Endless ones (a streaming caret, typing dots, spinners and
 * skeletons) never finish.
 */
export async function settle(page: Page) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

export async function shot(page: Page, name: string) {
  await settle(page);
  return await screenshot(page, name);
}

/** Counts sonner toasts with this title from now on (they auto-dismiss, so count arrivals). */
export async function startCountingToasts(page: Page, title: string) {
  await page.evaluate((wanted) => {
    const w = window as unknown as { __toastCount: number; __toastSeen: WeakSet<Element> };
    w.__toastCount = 0;
    w.__toastSeen = new WeakSet();
    const scan = () => {
      for (const el of document.querySelectorAll("[data-sonner-toast]")) {
        if (!w.__toastSeen.has(el) && el.textContent?.includes(wanted)) {
          w.__toastSeen.add(el);
          w.__toastCount += 1;
        }
      }
    };
    new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
    scan();
  }, title);
}

export async function toastCount(page: Page): Promise<number> {
  return await page.evaluate(() => (window as unknown as { __toastCount: number }).__toastCount);
}

type FocusTarget = { label?: string; text?: string; tag?: string };

/** Presses Tab until the focused element matches; fails after `max` presses. */
export async function tabTo(page: Page, target: FocusTarget, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const hit = await page.evaluate(({ label, text, tag }) => {
      const el = document.activeElement;
      if (!el || (tag && el.tagName !== tag)) return false;
      if (label !== undefined) return el.getAttribute("aria-label") === label;
      return text !== undefined && (el.textContent ?? "").includes(text);
    }, target);
    if (hit) return;
  }
  throw new Error(`nothing matching ${JSON.stringify(target)} got focus within ${max} Tab presses`);
}
