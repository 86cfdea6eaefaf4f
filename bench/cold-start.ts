/**
 * Cold start of Helm's function modules (`npm run bench -- cold-start`).
 *
 * Convex runs each function in an isolate that loads the function's bundle
 * first; a fresh isolate pays that load before the handler runs, with 64 MiB
 * of heap in all. This bundles each module the way Convex's CLI does (esbuild,
 * ESM, code splitting, so a dynamic `import()` becomes a chunk loaded only on
 * use) and loads each bundle in a fresh Node process, measuring the load time
 * and the heap it leaves (after a GC). "before" is the same module with a
 * static `import "gpt-tokenizer"` added, which is what the prompt query and
 * the reply action carried until the tokenizer moved into the reply action,
 * loaded lazily; modules that never had it have no "before".
 * Writes bench/results/cold-start.json.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "../offline/testing/backend-process";

/** Function modules, and whether they imported the tokenizer statically before (through model/prompt). */
const MODULES: Record<string, boolean> = {
  "chat/prompt": true,
  "chat/generate": true,
  "chat/messages": false,
  "projects/generate": false,
};
const RUNS = 7;

type Load = { ms: number; heapMiB: number };

/** Loads `entry` in a fresh process: median load time and retained heap over RUNS processes. */
function measure(entry: string): Load {
  const script = `
    globalThis.gc(); const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    await import(${JSON.stringify(pathToFileURL(entry).href)});
    const ms = performance.now() - t0;
    globalThis.gc(); const heap = process.memoryUsage().heapUsed - heap0;
    console.log(JSON.stringify({ ms, heap }));`;
  const runs: { ms: number; heap: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8" });
    runs.push(JSON.parse(out.trim().split("\n").pop()!));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    ms: Math.round(median(runs.map((r) => r.ms)) * 10) / 10,
    heapMiB: Math.round((median(runs.map((r) => r.heap)) / 2 ** 20) * 10) / 10,
  };
}

async function bundle(outDir: string, name: string, source: string): Promise<string> {
  const entry = join(outDir, `${name.replace("/", "_")}.entry.ts`);
  await writeFile(entry, source);
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    splitting: true,
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["convex", "module"],
    outdir: join(outDir, name.replace("/", "_")),
    logLevel: "silent",
    nodePaths: [join(ROOT, "node_modules")],
  });
  return join(outDir, name.replace("/", "_"), `${name.replace("/", "_")}.entry.js`);
}

export async function run() {
  await mkdir(join(ROOT, ".offline-data"), { recursive: true });
  const outDir = await mkdtemp(join(ROOT, ".offline-data", "bench-cold-"));
  const results: Record<string, { before?: Load; after: Load; tokenizerOnFirstUse?: Load }> = {};
  try {
    const modulePath = (m: string) => JSON.stringify(join(ROOT, "convex", `${m}.ts`));
    const tokenizer = await bundle(outDir, "tokenizer", `export * from "gpt-tokenizer/encoding/o200k_base";`);
    for (const [name, hadTokenizer] of Object.entries(MODULES)) {
      const after = await bundle(outDir, name, `export * from ${modulePath(name)};`);
      results[name] = { after: measure(after) };
      if (hadTokenizer) {
        const before = await bundle(outDir, `${name}-before`, `import "gpt-tokenizer";\nexport * from ${modulePath(name)};`);
        results[name].before = measure(before);
      }
      if (name === "chat/generate") results[name].tokenizerOnFirstUse = measure(tokenizer);
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
  console.log("Module load in a fresh process (median of %d), and the heap it keeps:", RUNS);
  for (const [name, r] of Object.entries(results)) {
    const figures = (load: Load | undefined) =>
      load ? `${String(load.ms).padStart(7)} ms ${String(load.heapMiB).padStart(5)} MiB` : "         —          ";
    console.log(`  ${name.padEnd(18)} before ${figures(r.before)}   after ${figures(r.after)}`);
  }
  const lazy = results["chat/generate"].tokenizerOnFirstUse!;
  console.log(`  the o200k encoding, loaded by a reply action only when it must count tokens: ${lazy.ms} ms, ${lazy.heapMiB} MiB`);
  const file = join(ROOT, "bench", "results", "cold-start.json");
  await writeFile(
    file,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, runs: RUNS, modules: results }, null, 2)}\n`,
  );
  console.log(`Wrote ${file}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await run();
