import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const READY_MARKER = "HELM_BACKEND_READY";
const START_TIMEOUT_MS = 90_000;

export type BackendProcess = {
  pid: number;
  apiUrl: string;
  siteUrl: string;
  dataDir: string;
  /** Everything the backend printed so far. */
  output: () => string;
  /** SIGTERM (closes the database cleanly) and wait for the exit. */
  stop: () => Promise<void>;
  /** SIGKILL, as a crash would, and wait for the exit. */
  kill: () => Promise<void>;
};

/** A fresh data folder under .offline-data/ (git-ignored). */
export function tempDataDir(label: string): string {
  return join(ROOT, ".offline-data", `test-${label}-${randomBytes(4).toString("hex")}`);
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/**
 * Runs offline/serve.ts in its own process on free loopback ports, the way
 * the conformance suite and the benchmark talk to it: over the network, with
 * the real clients.
 */
export async function startBackendProcess(options: {
  dataDir: string;
  testing?: boolean;
  reset?: boolean;
  watch?: boolean;
  convexDir?: string;
  quiet?: boolean;
  /** Extra environment variables for the backend process (e.g. lowered limits). */
  env?: Record<string, string>;
  /** Called with everything printed so far, whenever more arrives (before it is ready too). */
  onOutput?: (output: string) => void;
}): Promise<BackendProcess> {
  const args = ["--import", "tsx", "offline/serve.ts", "--data-dir", options.dataDir];
  if (options.testing ?? true) args.push("--testing");
  if (options.reset) args.push("--reset");
  if (options.watch) args.push("--watch");
  if (options.quiet ?? true) args.push("--quiet");
  if (options.convexDir) args.push("--convex-dir", options.convexDir);
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...options.env, NO_COLOR: "1" },
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    options.onOutput?.(output);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      if (!(await exited(child, 10_000))) child.kill("SIGKILL");
    }
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGKILL");
    await exited(child, 10_000);
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  let ready: RegExpExecArray | null = null;
  while (!(ready = new RegExp(`${READY_MARKER} (.+)`).exec(output))) {
    if (child.exitCode !== null) throw new Error(`The offline backend exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The offline backend did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const { apiUrl, siteUrl } = JSON.parse(ready[1]) as { apiUrl: string; siteUrl: string };
  return { pid: child.pid!, apiUrl, siteUrl, dataDir: options.dataDir, output: () => output, stop, kill };
}

export async function removeDataDir(dataDir: string) {
  await rm(dataDir, { recursive: true, force: true });
}
