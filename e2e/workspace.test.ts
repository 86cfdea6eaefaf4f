import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { screenshot, setupE2E, signIn } from "./harness";

/*
 * The workspace around the chat, end to end on the offline backend: AI
 * project generation, the project page, the chat's context toggle seeing
 * those tasks, Quick Chat from the dashboard, and the usage view.
 */

const e2e = setupE2E();
const USER = "Ada Lovelace";
const PHONE = { width: 375, height: 812 };

async function openAs(options?: { viewport?: { width: number; height: number } }): Promise<Page> {
  const page = await e2e.newPage(options);
  await signIn(page, USER);
  await page.getByRole("heading", { name: /Good (morning|afternoon|evening)|Working late/ }).waitFor({ timeout: 30_000 });
  return page;
}

async function badge(page: Page): Promise<string> {
  return ((await page.getByTestId("credit-badge-value").textContent()) ?? "").trim();
}

async function waitForBadge(page: Page, value: string) {
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid="credit-badge-value"]')?.textContent?.trim() === expected,
    value,
    { timeout: 30_000 },
  );
}

/** Pages scroll inside <main>: grow the viewport to the content, shoot, restore. */
async function screenshotPage(page: Page, name: string) {
  const viewport = page.viewportSize()!;
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  const height = await page.evaluate(() => {
    const header = document.querySelector("header")?.getBoundingClientRect().height ?? 0;
    return Math.ceil(header + (document.querySelector("main")?.scrollHeight ?? 0));
  });
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await screenshot(page, name);
  await page.setViewportSize(viewport);
}

let taskTitles: string[] = [];

describe("workspace", () => {
  test("generating a project with AI creates it with its tasks, for 15 credits", async () => {
    const page = await openAs();
    await page.getByText("No projects yet").waitFor();
    expect(await badge(page)).toBe("100");

    await page.getByRole("button", { name: /Generate with AI 15 credits/ }).click();
    await page.getByLabel("What's the project?").fill("Plan a product launch in 6 weeks");
    await page.getByRole("button", { name: /Generate · 15 credits/ }).click();

    const card = page.getByTestId("project-card").first();
    await card.waitFor({ timeout: 30_000 });
    await page.getByText("Project created").waitFor({ timeout: 10_000 });
    await waitForBadge(page, "85");
    expect(await card.textContent()).toMatch(/0\/\d+ done/);

    await card.click();
    await page.waitForURL(/\/projects\//);
    const rows = page.getByTestId("task-row");
    await rows.first().waitFor({ timeout: 30_000 });
    taskTitles = (await rows.allInnerTexts()).map((text) => text.trim()).filter(Boolean);
    expect(taskTitles.length).toBeGreaterThanOrEqual(3);
    expect(taskTitles.length).toBeLessThanOrEqual(15);

    // Work on it: finish the first task, start the second.
    await page.getByRole("button", { name: new RegExp(`Change status of ${escape(taskTitles[0]!)}`) }).click();
    await page.getByRole("menuitem", { name: "Done" }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="task-row"]')?.getAttribute("data-status") === "done");
    await page.getByRole("button", { name: new RegExp(`Change status of ${escape(taskTitles[1]!)}`) }).click();
    await page.getByRole("menuitem", { name: "In progress" }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="task-row"]')[1]?.getAttribute("data-status") === "in_progress",
    );
    await page.getByText(`1 of ${taskTitles.length} done`).waitFor();
    await page.getByLabel("New task").fill("Write the launch email");
    await page.getByLabel("New task").press("Enter");
    await page.getByTestId("task-row").filter({ hasText: "Write the launch email" }).waitFor();
    await screenshotPage(page, "workspace-project");
  });

  test("a chat with projects and tasks included answers with a task name", async () => {
    const page = await openAs();
    await page.goto(`${e2e.server.webUrl}/chat`);
    const input = page.getByLabel("Message", { exact: true });
    await input.waitFor({ timeout: 30_000 });

    const active = taskTitles.slice(1);
    const context = page.getByRole("switch", { name: /Include my projects/ });
    await context.click();
    expect(await context.getAttribute("aria-checked")).toBe("true");
    await input.fill("What should I work on next?");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/chat\/CH-\d+/, { timeout: 30_000 });

    const reply = page.getByTestId("assistant-content").last();
    await page.waitForFunction(
      (names) => {
        const replies = document.querySelectorAll('[data-testid="assistant-content"]');
        const text = replies[replies.length - 1]?.textContent ?? "";
        return names.some((name: string) => text.includes(name));
      },
      active,
      { timeout: 60_000 },
    );
    const text = (await reply.textContent()) ?? "";
    expect(active.some((name) => text.includes(name))).toBe(true);
    // A finished task is not part of the context.
    expect(text).not.toContain(taskTitles[0]);
  });

  test("Quick Chat on the dashboard starts a chat with the typed text and lists it", async () => {
    const page = await openAs();
    const before = Number(await badge(page));
    await page.getByLabel("Start a new chat").fill("Draft a kickoff agenda");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/chat\/CH-\d+/, { timeout: 30_000 });
    await page.getByTestId("user-message").filter({ hasText: "Draft a kickoff agenda" }).waitFor({ timeout: 30_000 });
    await page.getByTestId("assistant-content").last().waitFor({ timeout: 60_000 });
    await waitForBadge(page, String(before - 3));

    await page.goto(e2e.server.webUrl);
    const recent = page.getByRole("region", { name: "Quick Chat" }).getByRole("link", { name: /Draft a kickoff agenda/ });
    await recent.waitFor({ timeout: 30_000 });
    expect(await recent.getAttribute("href")).toMatch(/^\/chat\/CH-\d+$/);
  });

  test("a private address is refused with a plain sentence and nothing is charged", async () => {
    const page = await openAs();
    const before = await badge(page);
    await page.getByRole("button", { name: /Add from URL 5 credits/ }).click();
    await page.getByLabel("Page address").fill("http://169.254.169.254/latest/meta-data/");
    await page.getByRole("button", { name: /Add page · 5 credits/ }).click();
    await page.getByRole("alert").filter({ hasText: "That address points to a private or local network" }).waitFor();
    expect(await page.getByLabel("Page address").inputValue()).toBe("http://169.254.169.254/latest/meta-data/");
    expect(await badge(page)).toBe(before);
    await page.keyboard.press("Escape");
  });

  test("the dashboard and usage view on desktop and phone", async () => {
    for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
      const page = await openAs({ viewport });
      const suffix = viewport.width < 500 ? "phone" : "desktop";
      await page.getByTestId("project-card").first().waitFor();
      await page.getByRole("region", { name: "Quick Chat" }).getByRole("link", { name: /Draft a kickoff agenda/ }).waitFor();
      await screenshotPage(page, `dashboard-${suffix}`);

      await page.goto(`${e2e.server.webUrl}/usage`);
      const rows = page.getByTestId("ledger-row");
      await rows.first().waitFor({ timeout: 30_000 });
      // Newest first: the Quick Chat message, the context chat, the generation, the welcome grant.
      const kinds = await rows.evaluateAll((els) => els.map((el) => el.getAttribute("data-kind")));
      expect(kinds).toEqual(["debit", "debit", "debit", "signup_grant"]);
      expect(await rows.first().textContent()).toContain("Draft a kickoff agenda");
      // Its own query: a skeleton until it arrives.
      await page.getByTestId("usage-spent").filter({ hasText: /^21$/ }).waitFor();
      await screenshotPage(page, `usage-${suffix}`);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
