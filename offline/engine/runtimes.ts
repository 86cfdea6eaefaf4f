/**
 * Convex's two runtimes, decided per module file the way its CLI bundler
 * decides them (npm-packages/convex/src/bundler/index.ts,
 * `determineEnvironment`): a module whose directive prologue holds
 * `"use node"` runs in Node.js, every other module in Convex's default
 * JavaScript runtime. The directive counts only on the module file itself:
 * a default-runtime module's bundle includes what it imports, whatever those
 * files declare.
 *
 * Both runtimes run in this one Node process offline. What differs at run
 * time is not simulated because it does not differ where it matters: the
 * default runtime's `fetch` honours the request's AbortSignal like Node's
 * (convex-backend npm-packages/udf-runtime/src/23_request.ts turns the
 * signal into a stream the host watches; crates/common/src/http/fetch.rs
 * cancels the request and the body read with `FetchAborted`, which
 * crates/isolate/src/environment/action/fetch.rs raises as a DOMException
 * named AbortError), so Stop aborts a model request in either runtime.
 */
export type Runtime = "node" | "default";

/** Refused the way a push refuses it: the message is all the user needs, no stack. */
export class PushRefusal extends Error {
  constructor(
    message: string,
    /** The file at fault, when the refusal names one (relative to the working directory). */
    readonly file?: string,
  ) {
    super(message);
    this.name = "PushRefusal";
    this.stack = message;
  }
}

/** Whitespace and comments before, between and after directives. */
const TRIVIA = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/;
const DIRECTIVE = /^(["'])((?:\\.|(?!\1)[^\\\n])*)\1\s*;?/;

/** True when the directive prologue (the string statements opening the file) holds "use node". */
export function hasUseNodeDirective(source: string): boolean {
  if (!source.includes("use node")) return false;
  let rest = source.replace(/^\uFEFF/, "").replace(/^#![^\n]*/, "");
  for (;;) {
    rest = rest.replace(TRIVIA, "");
    const directive = DIRECTIVE.exec(rest);
    if (!directive) return false;
    if (directive[2] === "use node") return true;
    rest = rest.slice(directive[0].length);
  }
}

export function runtimeOf(source: string): Runtime {
  return hasUseNodeDirective(source) ? "node" : "default";
}

/** Files Convex always runs in its default runtime (same list as the CLI's `mustBeIsolate`). */
const DEFAULT_RUNTIME_ONLY = ["http", "crons", "schema", "auth.config"];

/** Refuses "use node" where a push refuses it; `relPath` is relative to convex/, with extension. */
export function checkUseNodeAllowed(relPath: string, source: string) {
  if (DEFAULT_RUNTIME_ONLY.includes(relPath.replace(/\.[^/.]+$/, "")) && hasUseNodeDirective(source)) {
    // Wording as in the convex CLI's bundler (determineEnvironment).
    throw new PushRefusal(`"use node" directive is not allowed for ${relPath}.`);
  }
}

const UDF_TYPE_NAMES = { query: "Query", mutation: "Mutation", action: "Action", http: "HttpAction" } as const;

/**
 * Only actions may be defined in a "use node" module. A push analyses each
 * Node module's exports and refuses anything else, with this wording
 * (convex-backend crates/node_executor/src/executor.rs, `analyze`, wrapped
 * as in crates/application/src/lib.rs). `modulePath` is without extension.
 */
export function checkNodeModuleExports(modulePath: string, namespace: Record<string, unknown>) {
  for (const [name, value] of Object.entries(namespace)) {
    if ((typeof value !== "function" && typeof value !== "object") || value === null) continue;
    const fn = value as { isQuery?: boolean; isMutation?: boolean; isHttp?: boolean };
    const kind = fn.isQuery ? "query" : fn.isMutation ? "mutation" : fn.isHttp ? "http" : null;
    if (!kind) continue;
    throw new PushRefusal(
      "Loading the pushed modules encountered the following error:\n" +
        `\`${name}\` defined in \`${modulePath}.js\` is a ${UDF_TYPE_NAMES[kind]} function. ` +
        "Only actions can be defined in Node.js. See https://docs.convex.dev/functions/actions for more details.",
    );
  }
}
