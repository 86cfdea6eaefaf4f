import { readdir, readFile } from "node:fs/promises";
import { register } from "node:module";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { AuthConfig, SchemaDefinition } from "convex/server";
import { traceCall } from "./call-log";
import { guardCall } from "./function-guard";
import type { ModuleLoader } from "./internals";

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
 * (`*.test.ts`, `auth.config.ts`), or files that import and export nothing.
 * Returns module paths relative to the directory, without extension.
 */
export async function listModules(convexDir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const entries = await readdir(convexDir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    const rel = relative(convexDir, file).split(sep).join("/");
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

function importFresh(file: string, generation: number): Promise<Record<string, unknown>> {
  if (!hooksRegistered) {
    register(new URL("./generation-hooks.mjs", import.meta.url));
    hooksRegistered = true;
  }
  const url = pathToFileURL(file);
  url.searchParams.set("helm-gen", String(generation));
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
 * and guarded (time limit, uncaught errors). convex-test only reads these
 * properties of a registered function.
 */
function instrument(fn: RegisteredFunction, kind: FunctionKind, name: string): RegisteredFunction {
  const handler = fn._handler;
  return {
    ...fn,
    _handler: (ctx: unknown, args: unknown) =>
      traceCall(kind, name, () => guardCall(kind, name, () => handler(ctx, args))),
  };
}

/** One loaded version of the project's convex/ directory. */
export class Generation {
  constructor(
    readonly id: number,
    private readonly modules: Map<string, Record<string, unknown>>,
    readonly schema: SchemaDefinition<never, boolean> | null,
    readonly authConfig: AuthConfig | null,
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

/**
 * Imports every module of convex/ (plus `extra` modules, by module path) as a
 * fresh generation. Throws ModuleLoadError naming the first file that fails.
 * Each attempt gets a new id: Node keeps failed imports cached by URL.
 */
export async function loadGeneration(convexDir: string, extra: Record<string, string> = {}): Promise<Generation> {
  const id = ++generations;
  const files = new Map([...(await listModules(convexDir)), ...Object.entries(extra)]);
  const modules = new Map<string, Record<string, unknown>>();
  for (const [path, file] of files) {
    let namespace: Record<string, unknown>;
    try {
      namespace = await importFresh(file, id);
    } catch (error) {
      throw new ModuleLoadError(relative(process.cwd(), file), error);
    }
    const module: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(namespace)) {
      const kind = kindOf(value);
      module[name] = kind ? instrument(value as RegisteredFunction, kind, `${path}:${name}`) : value;
    }
    modules.set(path, module);
  }
  const optional = async <T>(name: string): Promise<T | null> => {
    for (const extension of [".ts", ".js"]) {
      const file = join(convexDir, name + extension);
      const exists = await readFile(file).then(
        () => true,
        () => false,
      );
      if (!exists) continue;
      try {
        return ((await importFresh(file, id)).default as T) ?? null;
      } catch (error) {
        throw new ModuleLoadError(relative(process.cwd(), file), error);
      }
    }
    return null;
  };
  const schema = await optional<SchemaDefinition<never, boolean>>("schema");
  const authConfig = await optional<AuthConfig>("auth.config");
  return new Generation(id, modules, schema, authConfig);
}
