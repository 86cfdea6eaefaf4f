import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, sep } from "node:path";
import { realClearTimeout, realSetTimeout, runClean } from "./engine/context";
import type { CronRunner } from "./engine/crons";
import type { Engine } from "./engine/engine";
import { loadGeneration, ModuleLoadError, type Generation } from "./engine/modules";
import { PushRefusal } from "./engine/runtimes";
import { bold, dim, log, red } from "./log";

const WATCHED = /\.(ts|tsx|js|jsx|mjs)$/;

/**
 * Regenerates convex/_generated like `npm run codegen`, without the
 * typecheck: `convex codegen` run through node directly (no npx) so stopping
 * the dev server leaves no stray process.
 */
function runCodegen(root: string): Promise<boolean> {
  return new Promise((resolve) => {
    const bin = join(root, "node_modules", "convex", "bin", "main.js");
    const child = spawn(process.execPath, [bin, "codegen", "--system-udfs", "--typecheck", "disable"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => {
      log.error(`Could not run convex codegen: ${error.message}`);
      resolve(false);
    });
    child.on("close", (code) => {
      if (code === 0) log.info(dim("convex/_generated regenerated."));
      else log.error(`convex codegen failed (exit ${code}):\n${output.trim()}`);
      resolve(code === 0);
    });
  });
}

/** Modules listed in convex/_generated/api.d.ts (what codegen last saw). */
async function generatedModules(root: string): Promise<string[]> {
  const text = await readFile(join(root, "convex", "_generated", "api.d.ts"), "utf8").catch(() => "");
  return [...text.matchAll(/import type \* as \w+ from "\.\.\/(.+)\.js";/g)].map((m) => m[1]).sort();
}

/** Runs codegen at startup when convex/_generated lists other modules than convex/ has. */
export async function codegenIfStale(root: string, generation: Generation): Promise<void> {
  const current = generation.modulePaths.filter((path) => !path.startsWith("_fixtures/"));
  if ((await generatedModules(root)).join() !== current.join()) await runCodegen(root);
}

/** A readable report of a convex/ file that failed to load. */
export function describeLoadError(error: unknown): string {
  const cause = error instanceof ModuleLoadError ? error.cause : error;
  const where = error instanceof ModuleLoadError ? error.file : "convex/";
  // A refusal is the whole message a push prints; a thrown error is cut to its first frames.
  if (cause instanceof PushRefusal) return `${bold(red(`✗ ${where} failed to load`))}\n${cause.message}`;
  const detail = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
  return `${bold(red(`✗ ${where} failed to load`))}\n${detail.replace(/\?helm-gen=\d+/g, "").split("\n").slice(0, 8).join("\n")}`;
}

type ReloaderOptions = {
  root: string;
  convexDir: string;
  engine: Engine;
  crons: CronRunner;
  extraModules: Record<string, string>;
  codegen: boolean;
};

/**
 * Watches convex/ and swaps in a freshly loaded copy of its modules after each
 * change, keeping the data. When a file fails to load, the error is printed
 * and the last good version keeps serving.
 */
export class Reloader {
  private changed = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private queue: Promise<void> = Promise.resolve();
  private watcher: ReturnType<typeof watch>;

  constructor(private readonly options: ReloaderOptions) {
    this.watcher = watch(options.convexDir, { recursive: true }, (_event, filename) => {
      if (!filename) return;
      const file = filename.toString().split(sep).join("/");
      if (file.startsWith("_generated/") || !WATCHED.test(file) || /\.test\.[jt]sx?$/.test(file)) return;
      if (file.split("/").some((part) => part.startsWith("."))) return;
      this.changed.add(file);
      if (this.timer) realClearTimeout(this.timer);
      this.timer = runClean(() => realSetTimeout(() => this.flush(), 200));
    });
  }

  private flush() {
    const files = [...this.changed];
    this.changed.clear();
    this.queue = this.queue.then(() => this.reload(files));
  }

  /** Waits for reloads in progress (tests). */
  settled(): Promise<void> {
    return this.queue;
  }

  private async reload(files: string[]) {
    const { engine, crons, convexDir, extraModules } = this.options;
    const started = performance.now();
    const label = files.join(", ");
    let next;
    try {
      next = await loadGeneration(convexDir, extraModules);
    } catch (error) {
      log.error(`${describeLoadError(error)}\nStill serving the previous version of convex/.`);
      return;
    }
    const modulesChanged = next.modulePaths.join() !== engine.generation.modulePaths.join();
    engine.useGeneration(next);
    crons.load(next);
    engine.bumpAll();
    log.info(`↻ Reloaded convex/ (${label}) in ${Math.round(performance.now() - started)} ms`);
    // api.d.ts only lists modules: regenerate when the set changed.
    if (this.options.codegen && modulesChanged) await runCodegen(this.options.root);
  }

  close() {
    this.watcher.close();
    if (this.timer) realClearTimeout(this.timer);
  }
}
