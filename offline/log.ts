/**
 * The offline backend's terminal output. Writes straight to stdout/stderr (not
 * through `console`, which is redirected while Convex functions run).
 */
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
export const dim = paint(2);
export const bold = paint(1);
export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);
export const cyan = paint(36);

let quiet = process.env.HELM_QUIET === "1";

/** Silences per-call lines (tests, benchmarks); problems are still printed. */
export function setQuiet(value: boolean) {
  quiet = value;
}

const time = () => dim(new Date().toTimeString().slice(0, 8));

function write(line: string, stream: NodeJS.WriteStream = process.stdout) {
  stream.write(`${time()} ${line}\n`);
}

export const log = {
  info(message: string) {
    write(message);
  },
  warn(message: string) {
    write(yellow(message), process.stderr);
  },
  error(message: string) {
    write(red(message), process.stderr);
  },
  /** One finished function call. */
  call(kind: string, name: string, ms: number, outcome: "ok" | "error", note = "") {
    if (quiet && outcome === "ok") return;
    const label = `${kind.padEnd(8)} ${name}`;
    const took = dim(`${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`);
    const suffix = note ? ` ${dim(note)}` : "";
    write(outcome === "ok" ? `${green("✓")} ${label} ${took}${suffix}` : `${red("✗")} ${label} ${took}${suffix}`);
  },
  /** A console.* line printed by a Convex function. */
  functionOutput(name: string, level: string, text: string) {
    if (quiet && level !== "error" && level !== "warn") return;
    const tag = level === "error" ? red(level) : level === "warn" ? yellow(level) : cyan(level);
    write(`  ${tag} ${dim(name)} ${text}`);
  },
};
