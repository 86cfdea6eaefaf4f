/**
 * The offline backend alone, for tests and benchmarks:
 *   node --import tsx offline/serve.ts --data-dir DIR [--api-port N] [--site-port N]
 *     [--reset] [--testing] [--quiet] [--watch] [--convex-dir DIR]
 * Port 0 picks free ports. When ready it prints one line:
 *   HELM_BACKEND_READY {"apiUrl": "...", "siteUrl": "..."}
 * SIGTERM/SIGINT close the database and exit.
 */
import { parseArgs } from "node:util";
import { startBackend } from "./backend";
import { log } from "./log";

export const READY_MARKER = "HELM_BACKEND_READY";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    "api-port": { type: "string", default: "0" },
    "site-port": { type: "string", default: "0" },
    reset: { type: "boolean", default: false },
    testing: { type: "boolean", default: false },
    quiet: { type: "boolean", default: false },
    watch: { type: "boolean", default: false },
    "convex-dir": { type: "string" },
  },
});

// A convex/ that fails to load ends the process (the backend's own handlers
// for uncaught errors, installed while starting, would otherwise keep it up).
const backend = await startBackend({
  dataDir: values["data-dir"],
  convexDir: values["convex-dir"],
  apiPort: Number(values["api-port"]),
  sitePort: Number(values["site-port"]),
  reset: values.reset,
  testing: values.testing,
  quiet: values.quiet,
  watch: values.watch,
}).catch((error: unknown) => {
  log.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
process.stdout.write(`${READY_MARKER} ${JSON.stringify({ apiUrl: backend.apiUrl, siteUrl: backend.siteUrl })}\n`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  try {
    await backend.stop();
  } catch (error) {
    log.error(`Error while stopping: ${String(error)}`);
  }
  process.exit(0);
};
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());

// A backend whose starter died (a test run killed mid-way) stops by itself
// instead of running on, orphaned: its parent then becomes another process.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown();
}, 1000).unref();
