/**
 * `npm run dev:cloud`: connected mode. Runs `convex dev` (pushes convex/ to
 * your Convex deployment and watches it) and Vite against that deployment.
 * One Ctrl-C stops both. Arguments after `--` go to `convex dev`.
 *
 * Needs CONVEX_DEPLOYMENT (or CONVEX_SELF_HOSTED_URL + CONVEX_SELF_HOSTED_ADMIN_KEY),
 * in the environment or in .env.local, and VITE_CLERK_PUBLISHABLE_KEY for
 * sign-in. Backend variables (CLERK_JWT_ISSUER_DOMAIN, AZURE_OPENAI_*, AUTUMN_*)
 * are set on the deployment: `npx convex env set NAME value`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

/** KEY=value lines of .env.local (which `convex dev` also reads and writes). */
function envLocal(): Record<string, string> {
  const file = join(ROOT, ".env.local");
  if (!existsSync(file)) return {};
  const entries = readFileSync(file, "utf8")
    .split("\n")
    .map((line) => /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, key, value]) => [key, value.replace(/^(["'])(.*)\1$/, "$2")]);
  return Object.fromEntries(entries);
}

const setting = (name: string) => process.env[name]?.trim() || envLocal()[name]?.trim() || "";

function fail(message: string): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

if (!setting("CONVEX_DEPLOYMENT") && !setting("CONVEX_SELF_HOSTED_URL")) {
  fail(
    "npm run dev:cloud needs a Convex deployment: set CONVEX_DEPLOYMENT (run `npx convex dev --configure` once to " +
      "create it in .env.local) or CONVEX_SELF_HOSTED_URL + CONVEX_SELF_HOSTED_ADMIN_KEY.\n" +
      "To try Helm without any account, use `npm run dev` (offline mode).",
  );
}
if (!setting("VITE_CLERK_PUBLISHABLE_KEY")) {
  fail(
    "npm run dev:cloud signs users in with Clerk: set VITE_CLERK_PUBLISHABLE_KEY (in the environment or .env.local), " +
      "and CLERK_JWT_ISSUER_DOMAIN on the deployment (`npx convex env set CLERK_JWT_ISSUER_DOMAIN https://…`).",
  );
}

const webPort = process.env.HELM_WEB_PORT ?? "5273";
const children: ChildProcess[] = [];

function start(label: string, args: string[]) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, HELM_WEB_PORT: webPort },
    stdio: ["inherit", "pipe", "pipe"],
  });
  for (const [stream, out] of [
    [child.stdout!, process.stdout],
    [child.stderr!, process.stderr],
  ] as const) {
    let buffered = "";
    stream.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) out.write(`${label} │ ${line}\n`);
    });
  }
  child.on("exit", (code) => {
    if (stopping) return;
    process.stderr.write(`${label} stopped (exit ${code}); stopping everything.\n`);
    stop(code || 1);
  });
  children.push(child);
}

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 5000).unref();
  void Promise.all(children.map((child) => new Promise((r) => (child.exitCode === null ? child.on("exit", r) : r(null))))).then(
    () => process.exit(code),
  );
}

// Both through node directly (not npx), so Ctrl-C leaves no orphans.
start("convex", [join(ROOT, "node_modules", "convex", "bin", "main.js"), "dev", ...process.argv.slice(2)]);
start("web", [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "--port", webPort, "--strictPort", "--host", "127.0.0.1"]);
process.stdout.write(`\n  Helm (connected mode): http://127.0.0.1:${webPort}\n  Ctrl-C stops everything.\n\n`);
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
