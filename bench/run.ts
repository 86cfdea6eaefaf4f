/**
 * `npm run bench`: runs every benchmark in bench/, one after another.
 *
 *   npm run bench                         all of them
 *   npm run bench -- chat offline-backend  only these (file names without .ts)
 *
 * Convention for a benchmark file bench/<name>.ts (every .ts file here except
 * this runner and *.test.ts):
 *  - export `async function run(): Promise<void>` that measures, prints its
 *    figures and writes them to bench/results/<name>.json; if the file also
 *    runs itself when executed directly, guard that with a main-module check
 *    (`import.meta.url === pathToFileURL(process.argv[1]).href`) so it does
 *    not run twice here;
 *  - or do the work when imported (no `run` export).
 * Helper modules that do neither are imported and do nothing.
 *
 * Each file runs in a process of its own (`node --import tsx`), so benchmarks
 * share no global state and never run concurrently. The exit code is non-zero
 * if any of them failed.
 */
import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ONE = "--one";

async function runOne(file: string) {
  const module = (await import(pathToFileURL(file).href)) as { run?: () => Promise<void> };
  if (typeof module.run === "function") await module.run();
}

function runInChild(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), ONE, file], {
      stdio: "inherit",
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === ONE) {
    await runOne(args[1]);
    // Benchmarks may leave timers or sockets behind; the process is done.
    process.exit(0);
  }
  const wanted = new Set(args);
  const files = (await readdir(BENCH_DIR))
    .filter((name) => name.endsWith(".ts") && name !== "run.ts" && !name.endsWith(".test.ts"))
    .filter((name) => wanted.size === 0 || wanted.has(basename(name, ".ts")))
    .sort();
  if (files.length === 0) {
    console.error(`No benchmark matches ${[...wanted].join(", ")}.`);
    process.exit(1);
  }
  const failed: string[] = [];
  for (const name of files) {
    console.log(`\n━━ bench/${name}`);
    const started = performance.now();
    const code = await runInChild(join(BENCH_DIR, name));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(code === 0 ? `━━ bench/${name} done in ${seconds} s` : `━━ bench/${name} FAILED (exit ${code})`);
    if (code !== 0) failed.push(name);
  }
  if (failed.length > 0) {
    console.error(`\nFailed: ${failed.join(", ")}`);
    process.exit(1);
  }
}

await main();
