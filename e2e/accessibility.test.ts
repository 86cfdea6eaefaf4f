import { createRequire } from "node:module";
import type { ConvexHttpClient } from "convex/browser";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";
import { apiClientFor, settle, spendMessages, waitForBadge } from "./chat-helpers";
import { screenshot, setupE2E, signIn } from "./harness";

/*
 * Every page in both themes at desktop and phone widths, scanned with
 * axe-core (zero serious or critical violations), plus focus returning after
 * dialogs, menus and rename, and a purchase that comes back to the same chat
 * with the unsent message waiting.
 */

const e2e = setupE2E();
const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
});

type Theme = "light" | "dark";
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };

/** A browser whose system theme is `theme` (the app's default, System, follows it). */
async function openPage(theme: Theme, viewport: { width: number; height: number }): Promise<Page> {
  const phone = viewport.width < 500;
  const context = await e2e.browser.newContext({ viewport, colorScheme: theme, isMobile: phone, hasTouch: phone });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(e2e.server.webUrl);
  return page;
}

type Violation = { id: string; impact: string; help: string; targets: string[] };

async function seriousViolations(page: Page): Promise<Violation[]> {
  await settle(page);
  await page.addScriptTag({ path: AXE_SOURCE });
  return await page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<Result> } }).axe;
    const { violations } = await axe.run(document);
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact ?? "", help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
}

/** The page's own background really is the theme's: dark in dark mode, light in light. */
async function backgroundIsDark(page: Page): Promise<boolean> {
  return await page.evaluate(() => {
    const colour = getComputedStyle(document.body).backgroundColor;
    const probe = document.createElement("canvas").getContext("2d")!;
    probe.fillStyle = colour;
    probe.fillRect(0, 0, 1, 1);
    const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 80;
  });
}

type Seed = { chatId: string; projectId: Id<"projects">; checkoutUrl: string; returnPath: string };
const SCANNED = "Scan Person";
let seed: Seed;

beforeAll(async () => {
  const client = await apiClientFor(e2e.server.apiUrl, SCANNED);
  // A reply with a heading, a list, a code block and a table.
  const { displayId } = await client.mutation(api.chat.messages.send, {
    text: "Give me the structured overview [long]",
    clientRequestId: "a11y-long",
    includeContext: false,
  });
  const projectId = await client.mutation(api.projects.projects.create, {
    name: "Website refresh",
    description: "A new look for the marketing site",
  });
  for (const title of ["Audit the current pages", "Draft the new layout", "Pick a colour palette"]) {
    await client.mutation(api.projects.tasks.add, { projectId, title });
  }
  const origin = e2e.server.webUrl;
  // A paid checkout whose webhook is lost: its return page waits to confirm
  // (then the reconcile finds the purchase); both states are scanned.
  const paid = await client.action(api.billing.checkout.start, {
    product: "pack1000",
    successUrl: `${origin}/billing/return`,
    cancelUrl: `${origin}/pricing?checkout=cancelled`,
  });
  if (paid.kind !== "redirect") throw new Error(`checkout answered ${paid.kind}`);
  const payment = new URL(paid.url);
  const answer = await fetch(new URL(payment.pathname.replace(/\/session$/, "/pay"), payment), {
    method: "POST",
    body: new URLSearchParams({ id: payment.searchParams.get("id") ?? "", lose: "1" }),
    redirect: "manual",
  });
  const returnUrl = new URL(answer.headers.get("location") ?? "");
  // The payment page itself: an open checkout of someone without a card on
  // file (after a payment, Autumn charges the card on file without a page).
  const shopper = await apiClientFor(e2e.server.apiUrl, "Checkout Person");
  const started = await shopper.action(api.billing.checkout.start, {
    product: "pack500",
    successUrl: `${origin}/billing/return`,
    cancelUrl: `${origin}/pricing?checkout=cancelled`,
  });
  // A first purchase has no card on file: Autumn (and the test Autumn) answers with its payment page.
  if (started.kind !== "redirect") throw new Error(`checkout answered ${started.kind}`);
  seed = { chatId: displayId, projectId, checkoutUrl: started.url, returnPath: `${returnUrl.pathname}${returnUrl.search}` };
});

type PageCheck = { name: string; path: () => string; ready: (page: Page) => Promise<unknown> };

const PAGES: PageCheck[] = [
  { name: "dashboard", path: () => "/", ready: (p) => p.getByTestId("project-card").first().waitFor() },
  { name: "chat-empty", path: () => "/chat", ready: (p) => p.getByRole("heading", { name: "Suggested prompts" }).waitFor({ state: "attached" }) },
  {
    name: "chat-reply",
    path: () => `/chat/${seed.chatId}`,
    ready: async (p) => {
      await p.locator('[data-testid="assistant-message"][data-status="complete"]').waitFor({ timeout: 60_000 });
      await p.getByRole("table").waitFor();
      await p.locator(".hljs-keyword").first().waitFor();
    },
  },
  { name: "pricing", path: () => "/pricing", ready: (p) => p.getByTestId("pack-pack5000").waitFor() },
  {
    name: "checkout-return",
    path: () => seed.returnPath,
    // Confirming while the lost webhook waits for the reconcile, then received: both are scanned.
    ready: (p) => p.getByRole("heading", { name: /Confirming your payment…|Payment received/ }).waitFor(),
  },
  { name: "usage", path: () => "/usage", ready: (p) => p.getByTestId("ledger-row").first().waitFor() },
  { name: "project", path: () => `/projects/${seed.projectId}`, ready: (p) => p.getByTestId("task-row").first().waitFor() },
  { name: "archived", path: () => "/chat?view=archived", ready: (p) => p.getByRole("dialog", { name: "Archived chats" }).waitFor() },
  {
    name: "palette",
    path: () => "/",
    ready: async (p) => {
      await p.getByTestId("project-card").first().waitFor();
      await p.keyboard.press("Control+K");
      await p.getByRole("combobox").fill("Usage");
      await p.getByRole("option", { name: /Usage/ }).first().waitFor();
    },
  },
];

describe.each([
  ["light", DESKTOP],
  ["dark", DESKTOP],
  ["light", PHONE],
  ["dark", PHONE],
] as const)("every page in the %s theme at %o", (theme, viewport) => {
  test("has no serious or critical axe violation, and is drawn in its theme", async () => {
    const page = await openPage(theme, viewport);
    const tag = `${theme}-${viewport.width}`;
    const found: Record<string, Violation[]> = {};
    const check = async (name: string) => {
      found[name] = await seriousViolations(page);
      expect(await page.evaluate(() => document.documentElement.classList.contains("dark")), name).toBe(theme === "dark");
      expect(await backgroundIsDark(page), name).toBe(theme === "dark");
      await screenshot(page, `a11y-${name}-${tag}`);
    };

    await page.getByText("Offline mode — dev sign-in").waitFor({ timeout: 60_000 });
    await check("sign-in");
    // A signed-out visitor's chat, and the account-only page a guest meets elsewhere.
    await page.goto(`${e2e.server.webUrl}/chat`);
    await page.getByTestId("message-cost").filter({ hasText: "left today" }).waitFor({ timeout: 60_000 });
    await check("guest-chat");
    if (viewport === DESKTOP) {
      // (On a phone the chat's title takes the logo's place in the top bar.)
      await page.getByRole("link", { name: "Helm home" }).click();
      await page.getByRole("heading", { name: "This page needs an account" }).waitFor();
      await check("guest-account-only");
    }
    await page.getByRole("banner").getByRole("button", { name: "Sign in" }).click();
    await signIn(page, SCANNED);
    const themeColor = await page.locator('meta[name="theme-color"]').getAttribute("content");
    expect(themeColor).toBe(theme === "dark" ? "#0b1220" : "#ffffff");

    for (const { name, path, ready } of PAGES) {
      await page.goto(`${e2e.server.webUrl}${path()}`);
      await ready(page);
      await check(name);
    }

    // The offline test checkout stands in for Autumn's page; it follows the system theme too.
    await page.goto(seed.checkoutUrl);
    await page.getByRole("button", { name: "Pay $5" }).waitFor();
    found["test-checkout"] = await seriousViolations(page);
    expect(await backgroundIsDark(page)).toBe(theme === "dark");
    await screenshot(page, `a11y-test-checkout-${tag}`);

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, []])));
  });
});

describe("the theme choice", () => {
  test("Dark in the account menu overrides a light system, is remembered, and System follows the system again", async () => {
    const page = await openPage("light", DESKTOP);
    await signIn(page, SCANNED);
    const isDark = () => page.evaluate(() => document.documentElement.classList.contains("dark"));
    expect(await isDark()).toBe(false);

    const account = page.getByRole("button", { name: /Account menu for/ });
    await account.click();
    await page.getByRole("menuitemradio", { name: "Dark" }).click();
    expect(await isDark()).toBe(true);
    expect(await page.locator('meta[name="theme-color"]').getAttribute("content")).toBe("#0b1220");
    await page.keyboard.press("Escape");
    await page.reload();
    await page.locator("#main").waitFor();
    expect(await isDark()).toBe(true);

    await account.click();
    await page.getByRole("menuitemradio", { name: "System" }).click();
    expect(await isDark()).toBe(false);
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForFunction(() => document.documentElement.classList.contains("dark"));
  });
});

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? el.getAttribute("aria-label") || el.id || el.textContent : null;
  });

describe("keyboard focus comes back", () => {
  test("after the Generate dialog, the account menu, a chat's rename and delete, and the project's delete", async () => {
    const page = await openPage("light", DESKTOP);
    await signIn(page, "Keyboard Kim");
    await waitForBadge(page, 100);
    const client = await apiClientFor(e2e.server.apiUrl, "Keyboard Kim");
    const { displayId } = await client.mutation(api.chat.messages.send, {
      text: "Trip planning",
      clientRequestId: "kim-1",
      includeContext: false,
    });
    const projectId = await client.mutation(api.projects.projects.create, { name: "Garden", description: "" });

    // A dialog opened from a button.
    const generate = page.getByRole("button", { name: /Generate with AI 15 credits/ });
    await generate.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Generate a project with AI" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await expect.poll(() => focused(page)).toMatch(/Generate/);

    // A menu.
    const account = page.getByRole("button", { name: /Account menu for Keyboard Kim/ });
    await account.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menu").waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => focused(page)).toBe("Account menu for Keyboard Kim");

    // Rename from a chat's menu: Escape hands focus back to the menu button.
    await page.goto(`${e2e.server.webUrl}/chat/${displayId}`);
    // The chat's composer takes focus once the chat has loaded; wait for it, or it would take ours.
    await page.waitForFunction(() => document.activeElement?.id === "chat-input");
    const options = page.getByRole("button", { name: "Options for Trip planning" });
    await options.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Rename" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === "Rename");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Chat title");
    await page.keyboard.type(" edited");
    await page.keyboard.press("Escape");
    await expect.poll(() => focused(page)).toBe("Options for Trip planning");

    // Delete from the same menu, then Cancel by Escape.
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Delete" }).waitFor();
    // The menu opens on its first item; down it (Rename, Archive, Delete) one item at a time to Delete.
    await expect.poll(() => focused(page)).toMatch(/Rename/);
    for (let i = 0; i < 4; i++) {
      const at = await focused(page);
      if (/Delete/.test(at ?? "")) break;
      await page.keyboard.press("ArrowDown");
      await expect.poll(() => focused(page)).not.toBe(at);
    }
    await expect.poll(() => focused(page)).toMatch(/Delete/);
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Delete this chat?" }).waitFor().catch(async (error) => {
      await screenshot(page, "focus-delete-chat-failed");
      throw error;
    });
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await expect.poll(() => focused(page)).toBe("Options for Trip planning");

    // The project's delete dialog, from its actions menu.
    await page.goto(`${e2e.server.webUrl}/projects/${projectId}`);
    const actions = page.getByRole("button", { name: "Project actions" });
    await actions.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("menuitem", { name: "Delete project" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Delete this project?" }).waitFor();
    await page.getByRole("button", { name: "Cancel" }).press("Enter");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await expect.poll(() => focused(page)).toBe("Project actions");
  });
});

describe("buying keeps your place", () => {
  test("out of credits on a phone: Buy more → the packs → pay → back in the same chat, the draft ready to send", async () => {
    const page = await openPage("light", PHONE);
    await signIn(page, "Drafty Dana");
    const client: ConvexHttpClient = await apiClientFor(e2e.server.apiUrl, "Drafty Dana");
    const { displayId } = await client.mutation(api.chat.messages.send, {
      text: "Weekly planning",
      clientRequestId: "dana-1",
      includeContext: false,
    });
    await spendMessages(client, 32, "dana");
    await waitForBadge(page, 1);

    await page.goto(`${e2e.server.webUrl}/chat/${displayId}`);
    const composer = page.getByRole("textbox", { name: "Message" });
    const draft = "Summarise what I planned this week, please";
    await composer.fill(draft);
    await composer.press("Enter");
    const blocking = page.getByRole("dialog", { name: "Not enough credits" });
    await blocking.waitFor();

    // Not now: focus goes back to the message box, and Enter there works (the dialog again).
    await blocking.getByRole("button", { name: "Not now" }).press("Enter");
    await blocking.waitFor({ state: "detached" });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("chat-input");
    await page.keyboard.press("Enter");
    await blocking.waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("chat-input");

    // The draft survives a reload.
    await page.reload();
    await expect.poll(() => composer.inputValue(), { timeout: 30_000 }).toBe(draft);

    await composer.press("Enter");
    await blocking.getByRole("link", { name: "Buy more" }).click();
    await page.waitForURL(/\/pricing\?returnTo=/);
    // On a phone the packs are far down the page: they are scrolled to and focused.
    const packs = page.getByRole("heading", { name: "Credit packs" });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("packs-heading");
    const box = (await packs.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    await screenshot(page, "buy-1-packs-phone");

    await page.getByRole("button", { name: "Buy 500 credits" }).click();
    await page.getByRole("dialog", { name: "Buy 500 credits" }).getByRole("button", { name: /Continue to checkout/ }).click();
    await page.waitForURL(/\/_helm\/checkout\/session/, { timeout: 30_000 });
    await page.getByRole("button", { name: "Pay $5" }).click();
    await page.waitForURL(/\/billing\/return\?/, { timeout: 30_000 });
    await page.getByTestId("checkout-result").waitFor({ timeout: 30_000 });
    await screenshot(page, "buy-2-return-phone");

    await page.getByRole("link", { name: "Back to your chat" }).click();
    await page.waitForURL(`**/chat/${displayId}`);
    await expect.poll(() => composer.inputValue()).toBe(draft);
    await waitForBadge(page, 501);
    await composer.press("Enter");
    await page.getByTestId("user-message").filter({ hasText: draft }).waitFor({ timeout: 30_000 });
    await waitForBadge(page, 498);
    expect(await composer.inputValue()).toBe("");
    await screenshot(page, "buy-3-sent-phone");
  });
});
