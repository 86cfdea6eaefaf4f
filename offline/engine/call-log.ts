import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";
import { log } from "../log";

/** The console output of one running Convex function. */
type CallLog = { name: string; lines: string[]; done: boolean };

/** Collects the log lines of the function a client called (sent back to it). */
export type RequestLog = { lines: string[]; claimed: boolean };

const callLogs = new AsyncLocalStorage<CallLog>();
const requestLogs = new AsyncLocalStorage<RequestLog>();

export function withRequestLog<T>(request: RequestLog, run: () => Promise<T>): Promise<T> {
  return requestLogs.run(request, run);
}

/**
 * Wraps one function execution: times it, logs it, and routes its
 * `console.*` output. A call made while another is still running (an action's
 * runMutation) is nested; one started after its parent finished (a scheduled
 * function, whose timer inherits the scheduler's context) is background work.
 */
export async function traceCall<T>(kind: string, name: string, run: () => Promise<T>): Promise<T> {
  const parent = callLogs.getStore();
  const nested = parent !== undefined && !parent.done;
  const request = requestLogs.getStore();
  let lines: string[] = [];
  let note = nested ? `(from ${parent.name})` : "";
  if (!nested) {
    if (request && !request.claimed) {
      request.claimed = true;
      lines = request.lines;
    } else {
      note = "(scheduled)";
    }
  }
  const entry: CallLog = { name, lines, done: false };
  const started = performance.now();
  try {
    const result = await callLogs.run(entry, run);
    log.call(kind, name, performance.now() - started, "ok", note);
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    log.call(kind, name, performance.now() - started, "error", `${note} ${message}`.trim());
    throw error;
  } finally {
    entry.done = true;
  }
}

const LEVELS = { log: "LOG", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG" } as const;

/**
 * Convex keeps 256 log lines per function execution, the last one saying the
 * rest were dropped (wording and count as in convex-backend
 * crates/isolate/src/environment/udf/mod.rs, `emit_log_line`).
 */
const MAX_LOG_LINES = 256;
const LOG_OVERFLOW = `Log overflow (maximum ${MAX_LOG_LINES}). Remaining log lines omitted.`;

let installed = false;

/**
 * Replaces the global console with one that, inside a Convex function, keeps
 * the line for the client (Convex's `[LEVEL] message` log line format) and
 * prints it labelled with the function's name. Elsewhere it is the console.
 */
export function captureFunctionConsole() {
  if (installed) return;
  installed = true;
  const real = globalThis.console;
  const proxy = Object.create(real) as Console;
  for (const [method, level] of Object.entries(LEVELS)) {
    const original = real[method as keyof typeof LEVELS].bind(real);
    (proxy as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const call = callLogs.getStore();
      if (!call || call.done) return original(...args);
      if (call.lines.length >= MAX_LOG_LINES) return;
      const text = format(...args);
      if (call.lines.length === MAX_LOG_LINES - 1) {
        call.lines.push(`[ERROR] ${LOG_OVERFLOW}`);
        log.functionOutput(call.name, "error", LOG_OVERFLOW);
        return;
      }
      call.lines.push(`[${level}] ${text}`);
      log.functionOutput(call.name, method, text);
    };
  }
  globalThis.console = proxy;
}
