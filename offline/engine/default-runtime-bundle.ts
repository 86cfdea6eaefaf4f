import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { builtinModules, createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import type { Message, Plugin } from "esbuild";
import { asyncHooksShim, DEFAULT_RUNTIME_OPTIONS, esbuild, formatBuildErrors, isBuildFailure } from "./esbuild";
import { PushRefusal } from "./runtimes";

/**
 * What `npx convex dev` adds under esbuild's errors when a default-runtime
 * bundle reaches a Node built-in (npm-packages/convex/src/bundler/index.ts,
 * `doEsbuild`: esbuild's note "Are you trying to bundle for node?").
 */
const USE_NODE_HINT =
  'It looks like you are using Node APIs from a file without the "use node" directive.\n' +
  'Split out actions using Node.js APIs like this into a new file only containing actions that uses "use node" ' +
  "so these actions will run in a Node.js environment.\n" +
  "For more information see https://docs.convex.dev/functions/runtimes#nodejs-runtime";

const SKIP = Symbol("resolving for the package check");

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0]);
}

function needsNode(errors: Message[]): boolean {
  return errors.some((error) => error.notes.some((note) => note.text.includes("Are you trying to bundle for node?")));
}

function refusal(verdict: NonNullable<Verdict>, importedBy?: string): PushRefusal {
  const parts = [verdict.errors];
  if (importedBy) parts.push(`(imported by ${importedBy})`);
  if (verdict.needsNode) parts.push(USE_NODE_HINT);
  return new PushRefusal(parts.join("\n\n"), importedBy ?? verdict.file);
}

type Verdict = { errors: string; needsNode: boolean; file?: string } | null;

const CACHE_FILE = join(dirname(createRequire(import.meta.url).resolve("convex/package.json")), "..", ".cache", "helm-offline", "default-runtime-packages.json");
let verdicts: Map<string, Verdict> | null = null;

async function loadVerdicts(): Promise<Map<string, Verdict>> {
  if (verdicts) return verdicts;
  const stored = await readFile(CACHE_FILE, "utf8").then((text) => JSON.parse(text) as Record<string, Verdict>, () => ({}));
  verdicts = new Map(Object.entries(stored));
  return verdicts;
}

async function saveVerdicts(all: Map<string, Verdict>) {
  await mkdir(dirname(CACHE_FILE), { recursive: true });
  const temporary = `${CACHE_FILE}.${process.pid}`;
  await writeFile(temporary, JSON.stringify(Object.fromEntries(all)));
  await rename(temporary, CACHE_FILE);
}

/** `name@version` of the package a resolved file belongs to: a package's verdict holds until it is reinstalled. */
async function packageKey(specifier: string, resolvedPath: string): Promise<string> {
  const parts = resolvedPath.split(sep);
  const at = parts.lastIndexOf("node_modules");
  const depth = parts[at + 1]?.startsWith("@") ? 3 : 2;
  const root = parts.slice(0, at + depth).join(sep);
  const version = await readFile(join(root, "package.json"), "utf8").then(
    (text) => (JSON.parse(text) as { version?: string }).version ?? "?",
    () => "?",
  );
  return `${specifier}@${version}`;
}

async function bundlePackages(specifiers: string[], resolveDir: string) {
  await esbuild.build({
    ...DEFAULT_RUNTIME_OPTIONS,
    stdin: { contents: specifiers.map((specifier) => `import ${JSON.stringify(specifier)};`).join("\n"), resolveDir, loader: "js" },
    plugins: [asyncHooksShim],
  });
}

function verdictOf(errors: Message[]): Verdict {
  return { errors: formatBuildErrors(errors), needsNode: needsNode(errors), file: errors[0]?.location?.file };
}

/**
 * Bundles each npm package once per installed version (remembered in
 * node_modules/.cache): a large SDK takes seconds to bundle, and its verdict
 * only changes when it is reinstalled.
 */
async function checkPackages(packages: Map<string, string>, resolveDir: string): Promise<Map<string, Verdict>> {
  const all = await loadVerdicts();
  const unchecked = [...packages].filter(([, key]) => !all.has(key));
  if (unchecked.length === 0) return all;
  try {
    await bundlePackages(unchecked.map(([specifier]) => specifier), resolveDir);
    for (const [, key] of unchecked) all.set(key, null);
  } catch (error) {
    if (!isBuildFailure(error)) throw error;
    // Rare: find out which of them fails.
    for (const [specifier, key] of unchecked) {
      try {
        await bundlePackages([specifier], resolveDir);
        all.set(key, null);
      } catch (single) {
        if (!isBuildFailure(single)) throw single;
        all.set(key, verdictOf(single.errors));
      }
    }
  }
  await saveVerdicts(all).catch(() => {});
  return all;
}

/**
 * Bundles the default-runtime modules as a push does, so what a push refuses
 * (a Node built-in reached from a module without "use node", directly, via
 * a helper, or via an npm package) is refused at load. The project's own
 * files are bundled on every load; npm packages are set aside and bundled
 * once per version, which keeps a load fast.
 */
export async function checkDefaultRuntimeBundles(convexDir: string, entryFiles: string[]): Promise<void> {
  if (entryFiles.length === 0) return;
  // specifier → [package key, importing file]
  const packages = new Map<string, [string, string]>();
  const setPackagesAside: Plugin = {
    name: "helm-set-packages-aside",
    setup(build) {
      build.onResolve({ filter: /^[^./#]/ }, async (args) => {
        if (args.pluginData === SKIP || isNodeBuiltin(args.path)) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: SKIP,
        });
        if (resolved.errors.length > 0 || !resolved.path.includes(`${sep}node_modules${sep}`)) return undefined;
        if (!packages.has(args.path)) packages.set(args.path, [await packageKey(args.path, resolved.path), args.importer]);
        return { path: args.path, external: true };
      });
    },
  };
  try {
    await esbuild.build({
      ...DEFAULT_RUNTIME_OPTIONS,
      entryPoints: entryFiles,
      outdir: "out",
      outbase: convexDir,
      plugins: [asyncHooksShim, setPackagesAside],
    });
  } catch (error) {
    if (isBuildFailure(error)) throw refusal(verdictOf(error.errors)!);
    throw error;
  }
  const keys = new Map([...packages].map(([specifier, [key]]) => [specifier, key]));
  const all = await checkPackages(keys, convexDir);
  for (const [key, importer] of packages.values()) {
    const verdict = all.get(key);
    if (verdict) throw refusal(verdict, relative(process.cwd(), importer));
  }
}
