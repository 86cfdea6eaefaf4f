import { readdir, readFile } from "node:fs/promises";
import { register } from "node:module";
import { extname, join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { AuthConfig, SchemaDefinition } from "convex/server";
import { evaluateAuthConfig } from "../auth/auth-config";
import { traceCall } from "./call-log";
import { checkDefaultRuntimeBundles } from "./default-runtime-bundle";
import { isHttpRouter, routerWithRefusedAuth } from "./http-auth";
import { componentScope, ROOT_COMPONENT } from "./component-scope";
import { loadComponents, type ComponentGeneration } from "./components";
import { guardCall } from "./function-guard";
import type { ModuleLoader } from "./internals";
import { checkNodeModuleExports, checkUseNodeAllowed, PushRefusal, runtimeOf, type Runtime } from "./runtimes";
import { convexValidated } from "./validation";

export type FunctionKind = "query" | "mutation" | "action";
export type ResolvedFunction = { kind: FunctionKind; isPublic: boolean; modulePath: string; exportName: string };

/** A module file of convex/ that failed to load. */
export class ModuleLoadError extends Error {
  constructor(
    readonly file: string,
    readonly cause: unknown,
  ) {
    super(`${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

const ENTRY_EXTENSIONS = [".ts", ".tsx", ".js", ".jsx", ".mjs"];

/**
 * The function modules of a convex/ directory, by the same rules as Convex's
 * bundler: no _generated, dotfiles, schema.ts, files with several dots
 * (`*.test.ts`, `auth.config.ts`), files that import and export nothing, or
 * folders holding a component of their own (a `convex.config.ts`).
 * Returns module paths relative to the directory, without extension.
 */
export async function listModules(convexDir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const entries = await readdir(convexDir, { recursive: true, withFileTypes: true });
  const fileOf = (entry: (typeof entries)[number]) =>
    join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
  const relativePath = (file: string) => relative(convexDir, file).split(sep).join("/");
  const componentFolders = entries
    .filter((entry) => entry.isFile() && entry.name === "convex.config.ts")
    .map((entry) => relativePath(fileOf(entry)).slice(0, -"convex.config.ts".length))
    .filter((folder) => folder !== "");
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = fileOf(entry);
    const rel = relativePath(file);
    if (componentFolders.some((folder) => rel.startsWith(folder))) continue;
    const base = entry.name;
    const extension = ENTRY_EXTENSIONS.find((ext) => base.endsWith(ext));
    if (!extension || rel.startsWith("_generated/") || rel.includes("node_modules/")) continue;
    if (base.startsWith(".") || base.startsWith("#") || rel.includes(" ")) continue;
    if (base === "schema.ts" || base === "schema.js" || (base.match(/\./g) ?? []).length > 1) continue;
    if (!/^\s{0,100}(import|export)/m.test(await readFile(file, "utf8"))) continue;
    found.set(rel.slice(0, -extension.length), file);
  }
  return found;
}

let hooksRegistered = false;

/**
 * Imports `file` as part of generation `generation`. Files in node_modules
 * (packaged components) are the same in every generation, so they are
 * imported once, like the packages they import.
 */
export function importFresh(file: string, generation: number): Promise<Record<string, unknown>> {
  if (!hooksRegistered) {
    register(new URL("./generation-hooks.mjs", import.meta.url));
    register(new URL("./component-definition-hooks.mjs", import.meta.url));
    hooksRegistered = true;
  }
  const url = pathToFileURL(file);
  if (!url.pathname.includes("/node_modules/")) url.searchParams.set("helm-gen", String(generation));
  return import(url.href);
}

type RegisteredFunction = Record<string, unknown> & {
  _handler: (ctx: unknown, args: unknown) => Promise<unknown>;
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
};

function kindOf(value: unknown): FunctionKind | null {
  if ((typeof value !== "function" && typeof value !== "object") || value === null) return null;
  const fn = value as RegisteredFunction;
  if (typeof fn._handler !== "function") return null;
  if (fn.isQuery) return "query";
  if (fn.isMutation) return "mutation";
  if (fn.isAction) return "action";
  return null;
}

/**
 * A copy of a registered function whose handler is traced (duration, logs)
 * and validates as Convex does, guarded (time limit, uncaught errors) and
 * running in its component's scope (for read tracking). convex-test only
 * reads these properties of a registered function.
 */
function instrument(fn: RegisteredFunction, kind: FunctionKind, name: string, component: string): RegisteredFunction {
  const handler = fn._handler;
  const validated = convexValidated(fn, handler);
  return {
    ...fn,
    ...validated,
    _handler: (ctx: unknown, args: unknown) =>
      componentScope.run(component, () =>
        traceCall(kind, name, () => guardCall(kind, name, () => validated._handler(ctx, args))),
      ),
  };
}

/**
 * Imports module files (module path → file) of one component (the app is
 * ROOT_COMPONENT) with their functions instrumented. Throws ModuleLoadError
 * naming the first file that fails.
 */
export async function importModules(
  files: Map<string, string>,
  generation: number,
  component: string,
  runtimes: Map<string, Runtime> = new Map(),
): Promise<Map<string, Record<string, unknown>>> {
  const modules = new Map<string, Record<string, unknown>>();
  const prefix = component === ROOT_COMPONENT ? "" : `${component}/`;
  for (const [path, file] of files) {
    let namespace: Record<string, unknown>;
    try {
      namespace = await importFresh(file, generation);
      if (runtimes.get(path) === "node") checkNodeModuleExports(path, namespace);
    } catch (error) {
      throw new ModuleLoadError(relative(process.cwd(), file), error);
    }
    const module: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(namespace)) {
      const kind = kindOf(value);
      module[name] = kind ? instrument(value as RegisteredFunction, kind, `${prefix}${path}:${name}`, component) : value;
    }
    modules.set(path, module);
  }
  return modules;
}

/** The default export of `<dir>/<name>.ts` or `.js`, or null when neither exists. */
export async function importOptional<T>(dir: string, name: string, generation: number): Promise<T | null> {
  for (const extension of [".ts", ".js"]) {
    const file = join(dir, name + extension);
    const exists = await readFile(file).then(
      () => true,
      () => false,
    );
    if (!exists) continue;
    try {
      return ((await importFresh(file, generation)).default as T) ?? null;
    } catch (error) {
      throw new ModuleLoadError(relative(process.cwd(), file), error);
    }
  }
  return null;
}

/** One loaded version of the project's convex/ directory. */
export class Generation {
  constructor(
    readonly id: number,
    private readonly modules: Map<string, Record<string, unknown>>,
    readonly schema: SchemaDefinition<never, boolean> | null,
    readonly authConfig: AuthConfig | null,
    /** The components mounted by convex/convex.config.ts, parents before children. */
    readonly components: ComponentGeneration[] = [],
  ) {}

  readonly loader: ModuleLoader = async (path) => {
    const module = this.modules.get(path);
    if (!module) throw new Error(`Could not find module for: "${path}"`);
    return module;
  };

  get modulePaths(): string[] {
    return [...this.modules.keys()].sort();
  }

  module(path: string): Record<string, unknown> | undefined {
    return this.modules.get(path);
  }

  /** Finds a function by its path as clients send it ("users:store", "crons" → default). */
  resolve(udfPath: string): ResolvedFunction | null {
    const [rawModule, exportName = "default"] = udfPath.split(":");
    const modulePath = rawModule.replace(/\.js$/, "");
    const fn = this.modules.get(modulePath)?.[exportName];
    const kind = kindOf(fn);
    if (!kind) return null;
    return { kind, isPublic: (fn as RegisteredFunction).isPublic === true, modulePath, exportName };
  }
}

let generations = 0;

async function existing(convexDir: string, name: string): Promise<string | null> {
  for (const extension of [".ts", ".js"]) {
    const file = join(convexDir, name + extension);
    if (await readFile(file).then(() => true, () => false)) return file;
  }
  return null;
}

/**
 * Checks what a push checks before anything runs: where "use node" may
 * stand, and that the default-runtime modules bundle for that runtime.
 * Returns each module's runtime.
 */
async function checkRuntimes(convexDir: string, files: Map<string, string>): Promise<Map<string, Runtime>> {
  const runtimes = new Map<string, Runtime>();
  const defaultRuntimeFiles: string[] = [];
  const checkPlacement = (path: string, file: string, source: string) => {
    try {
      checkUseNodeAllowed(path + extname(file), source);
    } catch (error) {
      throw new ModuleLoadError(relative(process.cwd(), file), error);
    }
  };
  for (const [path, file] of files) {
    const source = await readFile(file, "utf8");
    checkPlacement(path, file, source);
    const runtime = runtimeOf(source);
    runtimes.set(path, runtime);
    if (runtime === "default") defaultRuntimeFiles.push(file);
  }
  for (const name of ["schema", "auth.config"]) {
    const file = await existing(convexDir, name);
    if (file) checkPlacement(name, file, await readFile(file, "utf8"));
  }
  try {
    await checkDefaultRuntimeBundles(convexDir, defaultRuntimeFiles);
  } catch (error) {
    const file = error instanceof PushRefusal ? error.file : undefined;
    throw new ModuleLoadError(file ?? (relative(process.cwd(), convexDir) || "."), error);
  }
  return runtimes;
}

/**
 * Imports every module of convex/ (plus `extra` modules, by module path) as a
 * fresh generation, after the checks a push makes. Throws ModuleLoadError
 * naming the first file that fails. Each attempt gets a new id: Node keeps
 * failed imports cached by URL.
 */
export async function loadGeneration(convexDir: string, extra: Record<string, string> = {}): Promise<Generation> {
  const id = ++generations;
  const files = new Map([...(await listModules(convexDir)), ...Object.entries(extra)]);
  const runtimes = await checkRuntimes(convexDir, files);
  const modules = await importModules(files, id, ROOT_COMPONENT, runtimes);
  const http = modules.get("http");
  if (http && isHttpRouter(http.default)) http.default = routerWithRefusedAuth(http.default);
  const load = async <T>(file: string | null, evaluate: (file: string) => Promise<T>): Promise<T | null> => {
    if (!file) return null;
    try {
      return await evaluate(file);
    } catch (error) {
      throw new ModuleLoadError(relative(process.cwd(), file), error);
    }
  };
  const schema = await load(await existing(convexDir, "schema"), async (file) => {
    return ((await importFresh(file, id)).default as SchemaDefinition<never, boolean>) ?? null;
  });
  const authConfig = await load(await existing(convexDir, "auth.config"), (file) => evaluateAuthConfig(file));
  const components = await loadComponents(convexDir, id);
  return new Generation(id, modules, schema, authConfig, components);
}
