/**
 * Chat UI benchmark (`node --import tsx bench/ui.ts`):
 *  - the /chat route's initial JavaScript, gzipped, from a production build's manifest;
 *  - the time from pressing Enter to the first streamed character being visible,
 *    in Chromium against `npm run dev` and the offline model (median of 10 sends).
 * Writes bench/results/ui.json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { launchBrowser, ROOT, signIn, startDevServer } from "../e2e/harness";
import { measureBundle } from "./ui-bundle";

const SENDS = 10;

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

async function measureFirstCharacter(): Promise<{ samplesMs: number[]; medianMs: number }> {
  const server = await startDevServer();
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(server.webUrl);
    await signIn(page, "Bench Mark");
    await page.goto(`${server.webUrl}/chat`);
    // Warm-up send: creates the chat and loads the lazy chunks (Markdown renderer).
    await timeOneSend(page, "Warm-up message");
    await page.waitForURL(/\/chat\/CH-\d{6}$/);
    const samplesMs: number[] = [];
    for (let i = 0; i < SENDS; i++) samplesMs.push(round(await timeOneSend(page, `Benchmark message ${i + 1}`)));
    return { samplesMs, medianMs: median(samplesMs) };
  } catch (error) {
    console.error(server.output().slice(-3000));
    throw error;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

export async function run(): Promise<void> {
  const bundle = await measureBundle(ROOT);
  const firstChar = await measureFirstCharacter();
  const result = {
    generatedAt: new Date().toISOString(),
    chatInitialJsGzipKB: round(bundle.chatInitialJsGzipBytes / 1024),
    chatInitialJsRawKB: round(bundle.chatInitialJsRawBytes / 1024),
    chatInitialCssGzipKB: round(bundle.chatInitialCssGzipBytes / 1024),
    initialChunks: bundle.chunks.map((c) => ({ file: c.file, gzipKB: round(c.gzipBytes / 1024) })),
    lazyChunks: bundle.lazyChunks.map((c) => ({ file: c.file, gzipKB: round(c.gzipBytes / 1024) })),
    enterToFirstCharacterMs: { median: firstChar.medianMs, samples: firstChar.samplesMs },
    setup:
      "Bundle: `vite build --manifest`; initial JS = entry chunk + chat-page chunk + their static imports, gzip (zlib default). " +
      `Latency: Chromium (headless) against \`npm run dev\` (Vite dev server + offline backend, offline model at its default pace), ` +
      `${SENDS} sends in one chat after a warm-up; keydown (capture) to the animation frame after the reply's first text.`,
  };
  await mkdir(join(ROOT, "bench/results"), { recursive: true });
  await writeFile(join(ROOT, "bench/results/ui.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`/chat initial JS: ${result.chatInitialJsGzipKB} KB gzipped (${result.chatInitialJsRawKB} KB raw); CSS ${result.chatInitialCssGzipKB} KB gzipped`);
  console.log(`Enter → first streamed character: median ${firstChar.medianMs} ms over ${SENDS} sends (${firstChar.samplesMs.join(", ")})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
