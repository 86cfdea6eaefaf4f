import { createRequire } from "node:module";
import type * as Esbuild from "esbuild";

/**
 * The esbuild that the `convex` CLI bundles with (a dependency of the
 * `convex` package), so bundling offline resolves imports exactly as a push.
 */
export const esbuild = createRequire(createRequire(import.meta.url).resolve("convex/package.json"))(
  "esbuild",
) as typeof Esbuild;

/**
 * The bundler options a push uses for Convex's default runtime
 * (npm-packages/convex/src/bundler/debugBundle.ts, `innerEsbuild`).
 */
export const DEFAULT_RUNTIME_OPTIONS = {
  bundle: true,
  platform: "browser",
  format: "esm",
  target: "esnext",
  jsx: "automatic",
  conditions: ["convex", "module"],
  define: { "process.env.NODE_ENV": '"production"' },
  write: false,
  logLevel: "silent",
} satisfies Esbuild.BuildOptions;

/** The default runtime provides AsyncLocalStorage: the CLI maps `async_hooks` to it. */
export const asyncHooksShim: Esbuild.Plugin = {
  name: "helm-async-hooks-shim",
  setup(build) {
    build.onResolve({ filter: /^(node:)?async_hooks$/ }, (args) => ({ path: args.path, namespace: "async-hooks-shim" }));
    build.onLoad({ filter: /.*/, namespace: "async-hooks-shim" }, () => ({
      contents:
        "export const AsyncLocalStorage = globalThis.AsyncLocalStorage;\n" +
        "export const AsyncResource = globalThis.AsyncResource;\n" +
        "export default { AsyncLocalStorage, AsyncResource };\n",
      loader: "js",
    }));
  },
};

export function isBuildFailure(error: unknown): error is Esbuild.BuildFailure {
  return typeof error === "object" && error !== null && Array.isArray((error as { errors?: unknown }).errors);
}

/** esbuild's own rendering of its errors (what `npx convex dev` prints), without colours. */
export function formatBuildErrors(errors: Esbuild.Message[]): string {
  return esbuild.formatMessagesSync(errors, { kind: "error", color: false }).join("").trimEnd();
}
