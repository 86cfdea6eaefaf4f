/**
 * End-to-end harness: runs `npm run dev` (node --import tsx offline/dev.ts)
 * on free ports with a fresh data folder under .offline-data/, drives the app
 * in Chromium, and stops everything afterwards.
 *
 *   import { setupE2E, signIn, screenshot } from "./harness";
 *   const e2e = setupE2E();             // beforeAll/afterAll for this file
 *   test("…", async () => {
 *     const page = await e2e.newPage();
 *     await signIn(page, "Ada");
 *     await screenshot(page, "my-test");
 *   });
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
export const ARTIFACTS = join(ROOT, "artifacts");
export const CHROMIUM = process.env.HELM_CHROMIUM ?? "/usr/bin/chromium";
const READY_TEXT = "Helm is running offline";
const START_TIMEOUT_MS = 150_000;

export type DevServer = {
  webUrl: string;
  apiUrl: string;
  siteUrl: string;
  dataDir: string;
  /** Everything the dev server printed so far (for failure messages). */
  output: () => string;
  stop: () => Promise<void>;
};

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

/** Starts `npm run dev` the way a developer would, minus the fixed ports. */
/**
 * `preview`: serve the production build (`npm run dev -- --preview`) instead of Vite's dev server.
 * `dataDir`: start on data prepared beforehand (it is removed on stop, like a fresh one).
 */
export async function startDevServer(options: { preview?: boolean; dataDir?: string } = {}): Promise<DevServer> {
  const [apiPort, sitePort, webPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = options.dataDir ?? join(ROOT, ".offline-data", `e2e-${randomBytes(4).toString("hex")}`);
  await mkdir(dataDir, { recursive: true });
  // Its own process group, so stopping it is a Ctrl-C to the whole group.
  const child = spawn(process.execPath, ["--import", "tsx", "offline/dev.ts", ...(options.preview ? ["--preview"] : [])], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      HELM_API_PORT: String(apiPort),
      HELM_SITE_PORT: String(sitePort),
      HELM_WEB_PORT: String(webPort),
      HELM_DATA_DIR: dataDir,
      NO_COLOR: "1",
    },
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));

  const stop = async () => {
    if (child.pid && child.exitCode === null) {
      process.kill(-child.pid, "SIGINT");
      if (!(await waitForExit(child, 15_000))) process.kill(-child.pid, "SIGKILL");
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!output.includes(READY_TEXT)) {
    if (child.exitCode !== null) throw new Error(`npm run dev exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`npm run dev did not become ready in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    webUrl: `http://127.0.0.1:${webPort}`,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    siteUrl: `http://127.0.0.1:${sitePort}`,
    dataDir,
    output: () => output,
    stop,
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it with: apt-get install -y chromium`);
  }
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Signs in on the offline dev sign-in screen and waits for the app. */
export async function signIn(page: Page, name: string, webUrl?: string) {
  if (webUrl) await page.goto(webUrl);
  const screen = page.getByText("Offline mode — dev sign-in");
  await screen.waitFor({ timeout: 60_000 });
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Continue" }).click();
  await screen.waitFor({ state: "detached", timeout: 60_000 });
  await page.getByText("Setting up your workspace…").waitFor({ state: "detached", timeout: 60_000 });
  // "Setting up…" may not have shown yet when the wait above looked: wait for the signed-in header itself.
  await page.getByTestId("credit-badge").waitFor({ timeout: 60_000 });
}

/** Saves a full-page screenshot to artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export type E2E = {
  readonly server: DevServer;
  readonly browser: Browser;
  /** A page in a fresh browser context (own localStorage), at the app's URL. */
  newPage: (options?: { viewport?: { width: number; height: number } }) => Promise<Page>;
};

/**
 * Registers beforeAll/afterAll hooks for one test file: one dev server and
 * one browser for the file, a fresh context per page.
 */
export function setupE2E(): E2E {
  let server: DevServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startDevServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error("The dev server is not running (setupE2E's beforeAll failed?)");
      return server;
    },
    get browser() {
      if (!browser) throw new Error("The browser is not running (setupE2E's beforeAll failed?)");
      return browser;
    },
    async newPage(options) {
      const context = await this.browser.newContext({ viewport: options?.viewport ?? { width: 1280, height: 800 } });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(this.server.webUrl);
      return page;
    },
  };
}
