import { randomBytes } from "node:crypto";
import { watch } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DevAuth } from "./auth/dev-auth";
import { captureFunctionConsole } from "./engine/call-log";
import { CronRunner } from "./engine/crons";
import { Engine } from "./engine/engine";
import { installFaultHandlers } from "./engine/function-guard";
import { loadGeneration } from "./engine/modules";
import { handleApiRequest, type ApiDeps } from "./http/api-server";
import { handleSiteRequest } from "./http/site-server";
import { log, setQuiet } from "./log";
import { Persister } from "./persistence";
import { describeLoadError, Reloader } from "./reload";
import { attachSyncServer } from "./sync/socket-server";
import { CatalogueError, modelCatalogue } from "../convex/model/ai/catalogue";

export const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
export const DEFAULT_DATA_DIR = join(ROOT, ".offline-data");

export type BackendOptions = {
  /** The functions to serve (default: the project's convex/). */
  convexDir?: string;
  /** Where the database, dev-auth key and secrets live (git-ignored). */
  dataDir?: string;
  /** 0 picks a free port. */
  apiPort?: number;
  sitePort?: number;
  /** Start with an empty database. */
  reset?: boolean;
  /** Reload convex/ on change. */
  watch?: boolean;
  /** Regenerate convex/_generated when modules are added or removed. */
  codegen?: boolean;
  /** Mount the test-only fixture functions and test hooks. */
  testing?: boolean;
  /** Print problems only, not every call. */
  quiet?: boolean;
};

export type Backend = {
  apiUrl: string;
  siteUrl: string;
  engine: Engine;
  stop: () => Promise<void>;
};

const HOST = "127.0.0.1";

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => resolvePort((server.address() as AddressInfo).port));
  });
}

/** Secrets generated once per data directory. */
async function loadSecrets(dataDir: string): Promise<{ autumnWebhookSecret: string }> {
  const file = join(dataDir, "secrets.json");
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch {
    const secrets = { autumnWebhookSecret: `whsec_${randomBytes(24).toString("base64")}` };
    await writeFile(file, JSON.stringify(secrets), { mode: 0o600 });
    return secrets;
  }
}

export function fixtureModules(): Record<string, string> {
  const dir = join(ROOT, "offline", "testing", "fixtures");
  return {
    "_fixtures/conformance": join(dir, "conformance.ts"),
    "_fixtures/runtimeDefault": join(dir, "runtimeDefault.ts"),
    "_fixtures/runtimeNode": join(dir, "runtimeNode.ts"),
    http: join(dir, "http.ts"),
  };
}

/**
 * Loads convex/ for the first time. In watch mode a file that fails to load
 * is reported and the load is retried after each change, instead of exiting.
 */
async function loadFirstGeneration(convexDir: string, extra: Record<string, string>, watching: boolean) {
  for (;;) {
    // Armed before loading, so a fix saved while the error is printed is seen.
    let close = () => {};
    const changed = new Promise<void>((resolveChange) => {
      if (!watching) return;
      const watcher = watch(convexDir, { recursive: true }, () => {
        watcher.close();
        setTimeout(resolveChange, 200);
      });
      close = () => watcher.close();
    });
    try {
      const generation = await loadGeneration(convexDir, extra);
      close();
      return generation;
    } catch (error) {
      if (!watching) throw error;
      log.error(`${describeLoadError(error)}\nFix it and save: the backend starts as soon as convex/ loads.`);
      await changed;
    }
  }
}

/** HELM_MODELS is checked at start too, so a wrong entry is named before the first send. */
function reportModelCatalogue() {
  try {
    const { models } = modelCatalogue();
    if (process.env.HELM_MODELS) log.info(`Models: ${models.map((m) => `${m.id} (${m.tier})`).join(", ")}`);
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    log.error(`${error.message}\nSends answer MODEL_UNAVAILABLE until HELM_MODELS is fixed (see README, Model catalogue).`);
  }
}

/** Starts the offline backend: API + sync on one port, HTTP actions on another. */
export async function startBackend(options: BackendOptions = {}): Promise<Backend> {
  if (options.quiet) setQuiet(true);
  captureFunctionConsole();
  installFaultHandlers();
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const convexDir = resolve(options.convexDir ?? join(ROOT, "convex"));
  await mkdir(dataDir, { recursive: true });

  // Requests that arrive while convex/ is still loading wait for it.
  let ready!: (deps: ApiDeps) => void;
  const deps = new Promise<ApiDeps>((resolveDeps) => (ready = resolveDeps));
  const api = createServer((req, res) => void deps.then((d) => handleApiRequest(req, res, d)));
  const site = createServer((req, res) => void deps.then((d) => handleSiteRequest(req, res, d)));
  const apiUrl = `http://${HOST}:${await listen(api, options.apiPort ?? 3290)}`;
  const siteUrl = `http://${HOST}:${await listen(site, options.sitePort ?? 3291)}`;

  // The functions read their configuration from the environment.
  const secrets = await loadSecrets(dataDir);
  process.env.HELM_OFFLINE_MODEL_URL = `${apiUrl}/_helm/model/v1`;
  process.env.HELM_TEST_AUTUMN_URL = `${apiUrl}/_helm/autumn`;
  process.env.AUTUMN_WEBHOOK_SECRET ||= secrets.autumnWebhookSecret;
  process.env.CONVEX_CLOUD_URL = apiUrl;
  process.env.CONVEX_SITE_URL = siteUrl;
  reportModelCatalogue();

  const extraModules = options.testing ? fixtureModules() : {};
  const engine = await Engine.start(await loadFirstGeneration(convexDir, extraModules, options.watch ?? false));
  const components = () => engine.generation.components.map((component) => component.path);
  if (components().length > 0) log.info(`Components: ${components().join(", ")}`);
  const persister = await Persister.open(engine, dataDir, { reset: options.reset });
  if (persister.loadedDocuments > 0) log.info(`Loaded ${persister.loadedDocuments} documents from ${dataDir}`);
  const auth = await DevAuth.load(dataDir, () => engine.generation.authConfig);
  const crons = new CronRunner(engine);
  crons.load(engine.generation);

  const sync = attachSyncServer(api, { engine, auth });
  const testing = options.testing
    ? {
        dropSockets: () => sync.dropSockets(),
        dropNextMutationResponse: () => sync.dropNextMutationResponse(),
        failNextMutations: engine.failures.failNext.bind(engine.failures),
        commitAfterNextQuery: engine.commitRace.arm.bind(engine.commitRace),
      }
    : null;
  ready({
    engine,
    auth,
    apiUrl,
    siteUrl,
    dataDir,
    testing,
    components,
    webhookSecret: () => process.env.AUTUMN_WEBHOOK_SECRET ?? "",
  });

  const reloader = options.watch
    ? new Reloader({ root: ROOT, convexDir, engine, crons, extraModules, codegen: options.codegen ?? false })
    : null;

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      reloader?.close();
      crons.stop();
      sync.close();
      api.closeAllConnections();
      site.closeAllConnections();
      await Promise.all([new Promise((r) => api.close(r)), new Promise((r) => site.close(r))]);
      persister.close();
    })());
  return { apiUrl, siteUrl, engine, stop };
}
