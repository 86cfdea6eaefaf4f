import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

/**
 * The /chat route's initial JavaScript: what a cold load of /chat downloads
 * before anything is lazily requested — the entry chunk, the chat page chunk,
 * and every chunk they import statically. Read from Vite's build manifest.
 */

type ManifestChunk = { file: string; imports?: string[]; dynamicImports?: string[]; css?: string[]; isEntry?: boolean };
type Manifest = Record<string, ManifestChunk>;

export const CHAT_PAGE_SOURCE = "src/features/chat/pages/chat-page.tsx";

export type BundleReport = {
  chatInitialJsGzipBytes: number;
  chatInitialJsRawBytes: number;
  chatInitialCssGzipBytes: number;
  chunks: { file: string; gzipBytes: number }[];
  /** Loaded later, on demand: the Markdown renderer and the syntax highlighter. */
  lazyChunks: { file: string; gzipBytes: number }[];
};

function staticClosure(manifest: Manifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) visit(dep);
  };
  keys.forEach(visit);
  return seen;
}

export async function measureBundle(root: string): Promise<BundleReport> {
  const outDir = await mkdtemp(join(tmpdir(), "helm-ui-bench-"));
  try {
    await promisify(execFile)(
      process.execPath,
      [join(root, "node_modules/vite/bin/vite.js"), "build", "--manifest", "--outDir", outDir, "--emptyOutDir", "--logLevel", "error"],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    );
    const manifest = JSON.parse(await readFile(join(outDir, ".vite/manifest.json"), "utf8")) as Manifest;
    const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
    if (!entry) throw new Error("no entry chunk in the Vite manifest");
    if (!manifest[CHAT_PAGE_SOURCE]) throw new Error(`${CHAT_PAGE_SOURCE} is not its own chunk`);

    const initial = staticClosure(manifest, [entry, CHAT_PAGE_SOURCE]);
    const size = async (file: string) => {
      const bytes = await readFile(join(outDir, file));
      return { raw: bytes.length, gzip: gzipSync(bytes).length };
    };

    const chunks: BundleReport["chunks"] = [];
    let raw = 0;
    let gzip = 0;
    const css = new Set<string>();
    for (const key of initial) {
      const chunk = manifest[key];
      chunk.css?.forEach((file) => css.add(file));
      const s = await size(chunk.file);
      raw += s.raw;
      gzip += s.gzip;
      chunks.push({ file: chunk.file, gzipBytes: s.gzip });
    }
    let cssGzip = 0;
    for (const file of css) cssGzip += (await size(file)).gzip;

    const lazyChunks: BundleReport["lazyChunks"] = [];
    for (const [key, chunk] of Object.entries(manifest)) {
      if (/markdown-renderer|highlight-plugin/.test(key)) {
        lazyChunks.push({ file: chunk.file, gzipBytes: (await size(chunk.file)).gzip });
      }
    }
    chunks.sort((a, b) => b.gzipBytes - a.gzipBytes);
    return { chatInitialJsGzipBytes: gzip, chatInitialJsRawBytes: raw, chatInitialCssGzipBytes: cssGzip, chunks, lazyChunks };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
