import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import type { MountedComponent } from "./engine/app-definition";

/**
 * `convex codegen --system-udfs` (the only codegen that runs without a
 * deployment) writes convex/_generated/api.{js,d.ts} as for an app without
 * components. With a deployment, Convex's codegen instead uses the push's
 * analysis of convex.config.ts and also exports `components`. This rewrites
 * the two files into that shape from the offline engine's own evaluation of
 * convex.config.ts, so that both ways produce the same files (Convex's
 * templates: convex/dist/cjs/cli/codegen_templates/component_api.js, formatted
 * with prettier as its codegen does).
 */

const HEADER = `/* eslint-disable */
/**
 * Generated \`api\` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run \`npx convex dev\`.
 * @module
 */
`;

const usage = (name: string, kind: string) => `/**
 * A utility for referencing Convex functions in your app's${kind ? ` ${kind}` : ""} API.
 *
 * Usage:
 * \`\`\`js
 * const myFunctionReference = ${name}.myModule.myFunction;
 * \`\`\`
 */`;

/** Module imports as codegen writes them: [identifier, module path]. */
function moduleImports(apiDts: string): Array<[string, string]> {
  return [...apiDts.matchAll(/^import type \* as (\w+) from "\.\.\/(.+)\.js";$/gm)].map((m) => [m[1], m[2]]);
}

function quoteKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** Where api.d.ts imports a child component's `ComponentApi` type from (Convex's rule). */
function componentApiImport(convexDir: string, component: MountedComponent): string {
  const definitionPath = relative(convexDir, component.directory).split(sep).join("/");
  const specifier = component.importSpecifier;
  const fromPackage = specifier && !specifier.startsWith(".") && specifier !== definitionPath;
  if (!fromPackage) {
    throw new Error(
      `Component "${component.name}" (${definitionPath}) is defined in this project: its own convex/_generated ` +
        "needs Convex's codegen against a deployment (`npx convex dev`). Offline codegen supports packaged components.",
    );
  }
  const shipsApi = ["component.js", "component.d.ts", "component.ts"].some((file) =>
    existsSync(join(component.directory, "_generated", file)),
  );
  if (!shipsApi) {
    throw new Error(
      `Component "${component.name}" (${specifier}) ships no _generated/component.js, which offline codegen ` +
        "needs to type `components`.",
    );
  }
  return `${specifier}/_generated/component.js`;
}

async function format(source: string): Promise<string> {
  // The prettier that convex's own codegen formats with.
  const requireFromConvex = createRequire(createRequire(import.meta.url).resolve("convex/package.json"));
  const prettier = requireFromConvex("prettier") as { format: (source: string, options: object) => Promise<string> };
  return await prettier.format(source, { parser: "typescript" });
}

export function componentsApiJs(): string {
  return `${HEADER}
import { anyApi, componentsGeneric } from "convex/server";

${usage("api", "")}
export const api = anyApi;
export const internal = anyApi;
export const components = componentsGeneric();
`;
}

export function componentsApiDts(convexDir: string, modules: Array<[string, string]>, children: MountedComponent[]): string {
  const childLines = children.map(
    (child) => `  ${quoteKey(child.name)}: import("${componentApiImport(convexDir, child)}").ComponentApi<"${child.name}">,`,
  );
  return `${HEADER}
${modules.map(([identifier, path]) => `import type * as ${identifier} from "../${path}.js";`).join("\n")}

import type { ApiFromModules, FilterApi, FunctionReference } from "convex/server";

declare const fullApi: ApiFromModules<{
${modules.map(([identifier, path]) => `  ${JSON.stringify(path)}: typeof ${identifier},`).join("\n")}
}>;

${usage("api", "public")}
export declare const api: FilterApi<typeof fullApi, FunctionReference<any, "public">>;

${usage("internal", "internal")}
export declare const internal: FilterApi<typeof fullApi, FunctionReference<any, "internal">>;

export declare const components: {
${childLines.join("\n")}
};
`;
}

/**
 * Rewrites convex/_generated/api.{js,d.ts} (as `convex codegen --system-udfs`
 * just wrote them) to declare `components` for the app's child components.
 * Leaves them alone when the app has no convex.config.ts.
 */
export async function writeComponentsApi(convexDir: string, mounted: MountedComponent[] | null) {
  if (mounted === null) return;
  const generated = join(convexDir, "_generated");
  const apiDts = await readFile(join(generated, "api.d.ts"), "utf8");
  const children = mounted.filter((component) => component.isChildOfApp);
  const files: Array<[string, string]> = [
    ["api.js", await format(componentsApiJs())],
    ["api.d.ts", await format(componentsApiDts(convexDir, moduleImports(apiDts), children))],
  ];
  for (const [name, contents] of files) {
    const file = join(generated, name);
    const existing = await readFile(file, "utf8").catch(() => null);
    if (existing !== contents) await writeFile(file, contents);
  }
}

/** The child components convex/_generated/api.d.ts declares, by name (what codegen last saw). */
export async function generatedComponentNames(convexDir: string): Promise<string[]> {
  const text = await readFile(join(convexDir, "_generated", "api.d.ts"), "utf8").catch(() => "");
  const block = /export declare const components: \{([\s\S]*?)\n\};/.exec(text)?.[1] ?? "";
  return [...block.matchAll(/^\s+"?(\w+)"?: import\(/gm)].map((m) => m[1]).sort();
}
