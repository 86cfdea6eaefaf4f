/**
 * `npm run codegen`: convex/_generated as Convex's codegen writes it for this
 * app, without a deployment. `convex codegen --system-udfs` writes the files;
 * then `components` is added from convex/convex.config.ts (offline/codegen.ts),
 * and only then are the functions typechecked, since they may use it.
 *
 *   node --import tsx scripts/codegen.ts [--typecheck enable|disable]
 */
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeComponentsApi } from "../offline/codegen";
import { loadAppComponents } from "../offline/engine/app-definition";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const { values } = parseArgs({ options: { typecheck: { type: "string", default: "enable" } } });
if (values.typecheck !== "enable" && values.typecheck !== "disable") {
  console.error(`--typecheck must be "enable" or "disable", got "${values.typecheck}".`);
  process.exit(1);
}

const run = (script: string, args: string[]) =>
  execFileSync(process.execPath, [join(ROOT, script), ...args], { cwd: ROOT, stdio: "inherit" });

const convexDir = join(ROOT, "convex");
run("node_modules/convex/bin/main.js", ["codegen", "--system-udfs", "--typecheck", "disable"]);
await writeComponentsApi(convexDir, await loadAppComponents(convexDir, 0));
if (values.typecheck === "enable") {
  console.log("Running TypeScript typecheck…");
  try {
    run("node_modules/typescript/bin/tsc", ["--project", convexDir, "--noEmit"]);
  } catch {
    process.exit(1);
  }
}
