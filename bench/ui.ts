/**
 * Chat UI benchmark (`node --import tsx bench/ui.ts`):
 *  - the /chat route's initial JavaScript, gzipped, from a production build's manifest;
 *  - the time from pressing Enter to the first streamed character being visible,
 *    in Chromium with the offline model, on the dev server and on the production
 *    build, in a new chat and in a chat of 40 messages.
 * Writes bench/results/ui.json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { launchBrowser, ROOT, signIn, startDevServer } from "../e2e/harness";
import { startBackendProcess, tempDataDir } from "../offline/testing/backend-process";
import { seedLongChat } from "./long-chat-seed";
import { measureBundle } from "./ui-bundle";

const SENDS = 10;
const NEW_CHAT_USER = "Bench Mark";
const LONG_CHAT_USER = "Bench Long";
/** The long chat: 20 questions with 400-token answers (40 messages), then these sends (it ends at 52). */
const LONG_CHAT_TURNS = 20;
const LONG_CHAT_REPLY_TOKENS = 400;
const LONG_CHAT_SENDS = 6;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

/** In the page: resolves with ms from the Enter keydown to the frame after the new reply shows text. */
const PROBE = `
  window.__firstChar = new Promise((resolve) => {
    const before = document.querySelectorAll('[data-testid="assistant-message"]').length;
    let pressedAt = 0;
    document.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) pressedAt = performance.now();
    }, { capture: true, once: true });
    const observer = new MutationObserver(() => {
      const replies = document.querySelectorAll('[data-testid="assistant-message"]');
      if (!pressedAt || replies.length <= before) return;
      const content = replies[replies.length - 1].querySelector('[data-testid="assistant-content"]');
      if (!content || !content.textContent.trim()) return;
      observer.disconnect();
      // Visible = painted: the next animation frame after the DOM has the text.
      requestAnimationFrame(() => resolve(performance.now() - pressedAt));
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  undefined; // evaluate() must not wait for the promise: Enter hasn't been pressed yet
`;

/**
 * Arms an in-page probe, presses Enter, and resolves with the milliseconds
 * from the keydown to the frame after the new reply first shows text.
 */
async function timeOneSend(page: Page, text: string): Promise<number> {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  // A string, not a function: tsx would wrap inner functions in a helper the page lacks.
  await page.evaluate(PROBE);
  await box.press("Enter");
  const ms = await page.evaluate(() => (window as unknown as { __firstChar: Promise<number> }).__firstChar);
  // Let the reply finish before the next send (sending is locked while one streams).
  await page.waitForFunction(
    () => {
      const all = document.querySelectorAll('[data-testid="assistant-message"]');
      return all[all.length - 1]?.getAttribute("data-status") !== "streaming";
    },
    undefined,
    { timeout: 60_000 },
  );
  return ms;
}

type Samples = { samplesMs: number[]; medianMs: number };
const summary = (samplesMs: number[]): Samples => ({ samplesMs, medianMs: round(median(samplesMs)) });

/**
 * One server (dev or production build) on a data folder that already holds
 * the user's long chat: sends in a new chat, then in the long chat.
 */
async function measureFirstCharacter(preview: boolean): Promise<{ newChat: Samples; longChat: Samples }> {
  const dataDir = tempDataDir("bench-ui");
  // The long chat is seeded with the offline model at full speed, then measured at its default pace.
  // Two users, so neither runs out of the month's 100 credits.
  const seeder = await startBackendProcess({ dataDir, env: { HELM_OFFLINE_MODEL_TOKEN_MS: "0" } });
  let longChat: { displayId: string };
  try {
    longChat = await seedLongChat(seeder.apiUrl, LONG_CHAT_USER, LONG_CHAT_TURNS, LONG_CHAT_REPLY_TOKENS);
  } finally {
    await seeder.stop();
  }
  const server = await startDevServer({ preview, dataDir });
  const browser = await launchBrowser();
  const page = async (user: string) => {
    const tab = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await tab.goto(server.webUrl);
    await signIn(tab, user);
    return tab;
  };
  let current: Page | undefined;
  try {
    current = await page(NEW_CHAT_USER);
    await current.goto(`${server.webUrl}/chat`);
    // Warm-up send: creates the chat and loads the lazy chunks (Markdown renderer).
    await timeOneSend(current, "Warm-up message");
    await current.waitForURL(/\/chat\/CH-\d{6}$/);
    const fresh: number[] = [];
    for (let i = 0; i < SENDS; i++) fresh.push(round(await timeOneSend(current, `Benchmark message ${i + 1}`)));

    current = await page(LONG_CHAT_USER);
    await current.goto(`${server.webUrl}/chat/${longChat.displayId}`);
    // The chat opens on its latest page of messages (the rest loads on scrolling up).
    await current.locator('[data-testid="assistant-message"]').nth(9).waitFor({ timeout: 60_000 });
    const long: number[] = [];
    for (let i = 0; i < LONG_CHAT_SENDS; i++) long.push(round(await timeOneSend(current, `Long chat message ${i + 1}`)));
    return { newChat: summary(fresh), longChat: summary(long) };
  } catch (error) {
    console.error(server.output().slice(-3000));
    await current?.screenshot({ path: join(ROOT, "artifacts", "bench-ui-failure.png") }).catch(() => undefined);
    throw error;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

export async function run(): Promise<void> {
  const bundle = await measureBundle(ROOT);
  const dev = await measureFirstCharacter(false);
  const production = await measureFirstCharacter(true);
  const result = {
    generatedAt: new Date().toISOString(),
    chatInitialJsGzipKB: round(bundle.chatInitialJsGzipBytes / 1024),
    chatInitialJsRawKB: round(bundle.chatInitialJsRawBytes / 1024),
    chatInitialCssGzipKB: round(bundle.chatInitialCssGzipBytes / 1024),
    initialChunks: bundle.chunks.map((c) => ({ file: c.file, gzipKB: round(c.gzipBytes / 1024) })),
    lazyChunks: bundle.lazyChunks.map((c) => ({ file: c.file, gzipKB: round(c.gzipBytes / 1024) })),
    enterToFirstCharacterMs: {
      dev: { newChat: dev.newChat, longChat: dev.longChat },
      production: { newChat: production.newChat, longChat: production.longChat },
    },
    loadAverage1m: round(loadavg()[0]),
    setup:
      "Bundle: `vite build --manifest`; initial JS = entry chunk + chat-page chunk + their static imports, gzip (zlib default). " +
      "Latency: Chromium (headless) against `npm run dev` (Vite dev server) and `npm run dev -- --preview` (the production " +
      "build), offline backend, offline model at its default pace; keydown (capture) to the animation frame after the reply's " +
      `first text. newChat: ${SENDS} sends in one chat after a warm-up; longChat: ${LONG_CHAT_SENDS} sends in a chat opened ` +
      `with ${2 * LONG_CHAT_TURNS} messages (${LONG_CHAT_REPLY_TOKENS}-token replies).`,
  };
  await mkdir(join(ROOT, "bench/results"), { recursive: true });
  await writeFile(join(ROOT, "bench/results/ui.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`/chat initial JS: ${result.chatInitialJsGzipKB} KB gzipped (${result.chatInitialJsRawKB} KB raw); CSS ${result.chatInitialCssGzipKB} KB gzipped`);
  for (const [label, figures] of [["dev server", dev], ["production build", production]] as const) {
    console.log(
      `Enter → first streamed character, ${label}: new chat median ${figures.newChat.medianMs} ms (${figures.newChat.samplesMs.join(", ")}); ` +
        `${2 * LONG_CHAT_TURNS}-message chat median ${figures.longChat.medianMs} ms (${figures.longChat.samplesMs.join(", ")})`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
