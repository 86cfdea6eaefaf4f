/**
 * `npm run dev`: the offline backend and the Vite dev server together, on
 * this machine, with no accounts. One Ctrl-C stops both.
 *
 *   npm run dev              keep the data in .offline-data/
 *   npm run dev -- --reset   start with an empty database
 *   npm run dev -- --preview the production build (`vite build` + `vite preview`)
 *                            instead of the dev server: what users download
 *
 * Ports: HELM_API_PORT (3290), HELM_SITE_PORT (3291), HELM_WEB_PORT (5273).
 * HELM_DATA_DIR (or --data-dir) moves the data folder (the e2e tests use a
 * fresh one under .offline-data/).
 */
import { spawn, spawnSync } from "node:child_process";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_DATA_DIR, ROOT, startBackend, type Backend } from "./backend";
import { bold, cyan, dim, log } from "./log";
import { codegenIfStale } from "./reload";

const { values } = parseArgs({
  options: {
    reset: { type: "boolean", default: false },
    preview: { type: "boolean", default: false },
    "data-dir": { type: "string" },
  },
});
const dataDir = resolve(values["data-dir"] ?? process.env.HELM_DATA_DIR ?? DEFAULT_DATA_DIR);
const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    log.error(`${name} must be a port number, got "${process.env[name]}".`);
    process.exit(1);
  }
  return value;
};
const apiPort = port("HELM_API_PORT", 3290);
const sitePort = port("HELM_SITE_PORT", 3291);
const webPort = port("HELM_WEB_PORT", 5273);

let backend: Backend;
try {
  backend = await startBackend({ dataDir, apiPort, sitePort, reset: values.reset, watch: true, codegen: true });
} catch (error) {
  const inUse = (error as { code?: string }).code === "EADDRINUSE";
  log.error(
    inUse
      ? `A port is already in use (${apiPort}/${sitePort}). Is another \`npm run dev\` running? ` +
          "Set HELM_API_PORT / HELM_SITE_PORT to use others."
      : `The offline backend could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
}
void codegenIfStale(ROOT, backend.engine.generation);

const webUrl = `http://127.0.0.1:${webPort}`;
const viteBin = join(ROOT, "node_modules", "vite", "bin", "vite.js");
const viteEnv = {
  ...process.env,
  HELM_WEB_PORT: String(webPort),
  VITE_CONVEX_URL: backend.apiUrl,
  VITE_CONVEX_SITE_URL: backend.siteUrl,
  VITE_HELM_OFFLINE: "1",
};
// The preview build goes next to the data, not into dist/: the backend's URL is baked into it.
const previewDir = join(dataDir, "preview-dist");
if (values.preview) {
  log.info("Building the production bundle for --preview…");
  const built = spawnSync(process.execPath, [viteBin, "build", "--outDir", previewDir, "--emptyOutDir", "--logLevel", "warn"], {
    cwd: ROOT,
    env: viteEnv,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (built.status !== 0) {
    log.error("`vite build` failed (see above).");
    await backend.stop();
    process.exit(1);
  }
}
const viteArgs = values.preview
  ? [viteBin, "preview", "--outDir", previewDir, "--port", String(webPort), "--strictPort", "--host", "127.0.0.1"]
  : [viteBin, "--port", String(webPort), "--strictPort", "--host", "127.0.0.1"];
const vite = spawn(process.execPath, viteArgs, { cwd: ROOT, env: viteEnv, stdio: ["ignore", "pipe", "pipe"] });

let announced = false;
const relay = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
  let buffered = "";
  stream.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      // Vite's own banner is replaced by ours (below); keep everything else.
      if (!announced && /ready in|Local:|Network:|press h|^\s*$/.test(line)) {
        if (/Local:/.test(line)) announce();
        continue;
      }
      out.write(`${dim("web │")} ${line}\n`);
    }
  });
};
relay(vite.stdout, process.stdout);
relay(vite.stderr, process.stderr);
// Should Vite's banner ever change, still say where to go.
setTimeout(() => announced || announce(), 20_000).unref();

function announce() {
  announced = true;
  process.stdout.write(
    [
      "",
      `  ${bold("Helm is running offline")} (no accounts needed${values.preview ? "; production build" : ""})`,
      "",
      `  ➜  Open ${bold(cyan(webUrl))}`,
      `     ${dim(`backend ${backend.apiUrl} · HTTP actions ${backend.siteUrl}`)}`,
      `     ${dim(`data in ${relative(process.cwd(), dataDir) || dataDir}/ · \`npm run dev -- --reset\` starts empty`)}`,
      `     ${dim("Ctrl-C stops everything")}`,
      "",
    ].join("\n") + "\n",
  );
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  if (vite.exitCode === null) vite.kill("SIGTERM");
  await backend.stop();
  process.exit(code);
}
vite.on("exit", (code) => {
  if (stopping) return;
  log.error(`Vite stopped (exit ${code}). Is port ${webPort} in use? Set HELM_WEB_PORT to use another.`);
  void shutdown(code || 1);
});
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
