/**
 * Fails when convex/_generated differs from what `npm run codegen` would
 * produce from the current convex/ sources (stale generated files).
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const generated = join("convex", "_generated");
const snapshot = mkdtempSync(join(tmpdir(), "helm-codegen-"));
cpSync(generated, snapshot, { recursive: true });
try {
  execFileSync(
    process.execPath,
    ["node_modules/convex/bin/main.js", "codegen", "--system-udfs", "--typecheck", "disable"],
    { stdio: "inherit" },
  );
  const names = new Set([...readdirSync(snapshot), ...readdirSync(generated)]);
  const stale = [...names].filter((name) => {
    const read = (dir: string) => {
      try {
        return readFileSync(join(dir, name), "utf8");
      } catch {
        return null;
      }
    };
    return read(snapshot) !== read(generated);
  });
  if (stale.length > 0) {
    console.error(`convex/_generated was stale (${stale.join(", ")}). Run \`npm run codegen\` and commit.`);
    process.exit(1);
  }
  console.log("convex/_generated is up to date.");
} finally {
  rmSync(snapshot, { recursive: true, force: true });
}
