import { createHash, randomBytes } from "node:crypto";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { isFunctionTermination } from "./function-guard";

/**
 * Errors as a dev deployment of Convex reports them. A function's failure is
 * a "JS error": a message (`Uncaught Error: boom`, or a bare message for
 * errors Convex raises itself, such as argument validation) followed by the
 * stack frames in the project's code, each line ending in a newline
 * (convex-backend crates/common/src/errors.rs, `JsError`'s Display). Clients
 * receive it framed with the request's id (crates/application/src/
 * redaction.rs): `[Request ID: <16 hex>] Server Error\n<JS error>`. A
 * ConvexError's data travels beside the message, unchanged.
 */
export type JsErrorReply = { message: string; data?: JSONValue };

const CONVEX_ERROR = Symbol.for("ConvexError");
const PLAIN = Symbol.for("helm.offline.plainJsError");

export function isConvexError(error: unknown): error is Error & { data: Value } {
  return typeof error === "object" && error !== null && CONVEX_ERROR in error;
}

/**
 * An error Convex raises with its own wording rather than as an uncaught
 * exception (no `Uncaught` prefix, no stack frames): ArgumentValidationError,
 * ReturnsValidationError, a wrong function path.
 */
export class PlainJsError extends Error {
  readonly [PLAIN] = true;
}

/**
 * An error Convex raises around a function rather than in its code (its
 * arguments or return value over a limit): reported without "Uncaught".
 */
export function backendError(message: string): Error {
  return new PlainJsError(message);
}

function isPlain(error: unknown): error is Error {
  return typeof error === "object" && error !== null && PLAIN in error;
}

/** Where the offline backend's own code lives (its frames are not the project's). */
const ENGINE_CODE = /\/offline\/(?!testing\/fixtures\/)/;

/**
 * Stack frames in the project's own code (its convex/ modules and what they
 * import), as Convex maps them: `../convex/file.ts:line:col`.
 */
function projectFrames(stack: string | undefined): string[] {
  if (!stack) return [];
  const root = process.cwd();
  return stack
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("at ") && line.includes(root) && !line.includes("node_modules") && !ENGINE_CODE.test(line))
    .slice(0, 5)
    .map((line) => `    ${line.replace(/\?helm-gen=\d+/g, "").replace(`file://${root}/`, "../").replace(`${root}/`, "../")}`);
}

/** `Uncaught <name>: <message>`, as convex-backend crates/isolate/src/helpers.rs formats it. */
function uncaught(name: string, message: string): string {
  if (name && message) return `Uncaught ${name}: ${message}`;
  if (name) return `Uncaught ${name}`;
  if (message) return `Uncaught ${message}`;
  return "Uncaught";
}

/** The JS error's first line(s) and frames, split (the HTTP action response uses both). */
export function jsErrorParts(error: unknown): { message: string; frames: string[]; data?: JSONValue } {
  // Plain: Convex's own words (validation, limits); termination: the engine
  // ended the function (time limit, uncaught asynchronous error).
  if (isPlain(error) || isFunctionTermination(error)) return { message: error.message, frames: [] };
  if (error instanceof Error) {
    const data = isConvexError(error) ? convexToJson(error.data) : undefined;
    return { message: uncaught(error.name, error.message), frames: projectFrames(error.stack), data };
  }
  return { message: uncaught("", String(error)), frames: [] };
}

/** The JS error's text: the message and each frame on its own line, each line ending in a newline. */
export function describeError(error: unknown): JsErrorReply {
  const { message, frames, data } = jsErrorParts(error);
  const text = [message, ...frames].map((line) => `${line}\n`).join("");
  return data === undefined ? { message: text } : { message: text, data };
}

/** A message Convex raises itself, as a JS error (message only). */
export function plainMessage(message: string): string {
  return `${message}\n`;
}

/** The client-facing message: the request id, "Server Error", then the JS error. */
export function serverError(requestId: string, jsError: string): string {
  return `[Request ID: ${requestId}] Server Error\n${jsError}`;
}

/** A fresh request id: 8 random bytes in hex (convex-backend `RequestId::new`). */
export function newRequestId(): string {
  return randomBytes(8).toString("hex");
}

/**
 * The id of a WebSocket client's mutation or action: derived from its session
 * and request number (`RequestId::new_for_ws_session`), so a re-sent request
 * keeps its id.
 */
export function sessionRequestId(sessionId: string, requestNumber: number): string {
  return createHash("sha256").update(`${sessionId}|${requestNumber}`).digest("hex").slice(0, 16);
}

/**
 * The `convex` package stores a thrown ConvexError's data as a JSON string
 * (registration_impl's `invokeFunction`, for the isolate to read);
 * convex-test restores it for every call except HTTP actions.
 */
function restoreErrorData(error: unknown): unknown {
  if (isConvexError(error) && typeof error.data === "string" && "ConvexErrorSymbol" in error) {
    try {
      error.data = jsonToConvex(JSON.parse(error.data) as JSONValue);
    } catch {
      // Not serialized: a string is the data itself.
    }
  }
  return error;
}

/**
 * The response Convex gives when an HTTP action throws (`RedactedJsError::
 * to_http_response_parts`): status 500, JSON `{code, trace, data?}`.
 */
export function httpActionErrorResponse(error: unknown, requestId = newRequestId()): Response {
  const { message, frames, data } = jsErrorParts(restoreErrorData(error));
  const body: Record<string, JSONValue> = {
    code: `[Request ID: ${requestId}] Server Error: ${message}`,
    trace: [message, ...frames].map((line) => `${line}\n`).join(""),
  };
  if (data !== undefined) body.data = data;
  return new Response(JSON.stringify(body), { status: 500, headers: { "Content-Type": "application/json" } });
}
