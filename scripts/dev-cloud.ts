/**
 * `npm run dev:cloud`: connected mode. Runs `convex dev` (pushes convex/ to
 * your Convex deployment and watches it) and Vite against that deployment.
 * One Ctrl-C stops both. Arguments after `--` go to `convex dev`.
 *
 * Before starting it checks what connected mode needs (scripts/connected-env.ts):
 * CONVEX_DEPLOYMENT (or CONVEX_SELF_HOSTED_URL + CONVEX_SELF_HOSTED_ADMIN_KEY)
 * and VITE_CLERK_PUBLISHABLE_KEY here (environment or .env.local), and the
 * backend variables on the deployment (CLERK_JWT_ISSUER_DOMAIN, AZURE_OPENAI_*,
 * AUTUMN_*), which are set with `npx convex env set NAME value`.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checkDeployment, checkLocal, parseEnvNames, type Finding } from "./connected-env";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const CONVEX_CLI = join(ROOT, "node_modules", "convex", "bin", "main.js");

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

const local = envLocal();
const setting = (name: string) => process.env[name]?.trim() || local[name]?.trim() || "";

function report(findings: Finding[]) {
  for (const finding of findings) {
    process.stderr.write(`\n${finding.level === "error" ? "✖" : "!"} ${finding.message}\n`);
  }
  if (findings.some((finding) => finding.level === "error")) {
    process.stderr.write("\nnpm run dev:cloud did not start; fix the above and run it again.\n\n");
    process.exit(1);
  }
}

report(checkLocal(setting));

/** The deployment's variable names, or null when the CLI cannot reach it (then `convex dev` reports why). */
function deploymentEnvNames(): Set<string> | null {
  process.stdout.write("Checking the deployment's environment (npx convex env list)…\n");
  // The CLI retries an unreachable deployment forever; 20 s is plenty for a reachable one.
  const result = spawnSync(process.execPath, [CONVEX_CLI, "env", "list", "--names-only"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 20_000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.error?.message.includes("ETIMEDOUT")) {
    process.stderr.write("\n! The deployment did not answer within 20 s; not checking its environment.\n");
    return null;
  }
  if (result.status !== 0) {
    const reason = (result.stderr || result.error?.message || "").trim().split("\n").slice(-3).join(" ");
    process.stderr.write(`\n! Could not read the deployment's environment (${reason || `exit ${result.status}`}); not checking it.\n`);
    return null;
  }
  return parseEnvNames(result.stdout);
}

/** A variable's value on the deployment (`npx convex env get`), or undefined when it cannot be read. */
function deploymentEnvValue(name: string): string | undefined {
  const result = spawnSync(process.execPath, [CONVEX_CLI, "env", "get", name], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 20_000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return result.status === 0 ? result.stdout.replace(/\n$/, "") : undefined;
}

const names = deploymentEnvNames();
// The catalogue is checked before starting, as the deployment will check it on the first send.
if (names) report(checkDeployment(names, names.has("HELM_MODELS") ? deploymentEnvValue("HELM_MODELS") : undefined));

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
start("convex", [CONVEX_CLI, "dev", ...process.argv.slice(2)]);
start("web", [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "--port", webPort, "--strictPort", "--host", "127.0.0.1"]);
process.stdout.write(`\n  Helm (connected mode): http://127.0.0.1:${webPort}\n  Ctrl-C stops everything.\n\n`);
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
