import type { IncomingMessage, ServerResponse } from "node:http";
import type { JSONValue } from "convex/values";
import { AuthFailure } from "../auth/auth-failure";
import type { DevAuth } from "../auth/dev-auth";
import { requestIdentity } from "../auth/request-identity";
import type { CallOutcome, Engine, Identity } from "../engine/engine";
import { encodeTs } from "../sync/protocol";
import { HttpError, readJson, sendJson } from "./util";

/** Convex answers a function that threw with this status (ConvexHttpClient expects it). */
const STATUS_FUNCTION_FAILED = 560;

type Endpoint = "query" | "mutation" | "action" | "function" | "query_at_ts";

export const FUNCTION_ENDPOINTS = new Set(["query", "mutation", "action", "function", "query_at_ts", "query_ts"]);

/** Convex answers a refused token with its error code and message (401, or 400 for a bad header). */
async function identityOf(req: IncomingMessage, auth: DevAuth): Promise<Identity | null> {
  try {
    return await requestIdentity(req, auth);
  } catch (error) {
    if (error instanceof AuthFailure) throw new HttpError(error.status, error.code, error.message);
    throw error;
  }
}

/**
 * Convex's HTTP function API (what ConvexHttpClient calls):
 * POST /api/{query,mutation,action,function} with
 * `{path, args, format: "convex_encoded_json"}`, answering
 * `{status: "success", value, logLines}` or, with status 560,
 * `{status: "error", errorMessage, errorData?, logLines}`.
 */
export async function handleFunctionApi(
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: string,
  deps: { engine: Engine; auth: DevAuth },
  headers: Record<string, string>,
) {
  const { engine, auth } = deps;
  if (req.method !== "POST") throw new HttpError(405, "MethodNotAllowed", "Use POST.");
  if (endpoint === "query_ts") {
    sendJson(res, 200, { ts: encodeTs(engine.version) }, headers);
    return;
  }
  const body = (await readJson(req)) as { path?: unknown; args?: unknown };
  if (typeof body?.path !== "string") throw new HttpError(400, "BadRequest", "Missing the function `path`.");
  const args = (Array.isArray(body.args) ? (body.args[0] ?? {}) : (body.args ?? {})) as JSONValue;
  const identity = await identityOf(req, auth);
  let kind = endpoint as Endpoint;
  if (kind === "query_at_ts") kind = "query";
  if (kind === "function") kind = engine.generation.resolve(body.path)?.kind ?? "query";
  const outcome: CallOutcome =
    kind === "query" ? await engine.query(body.path, args, identity) : await engine.call(kind, body.path, args, identity);
  if (outcome.ok) {
    sendJson(res, 200, { status: "success", value: outcome.value, logLines: outcome.logLines }, headers);
  } else {
    const reply = { status: "error", errorMessage: outcome.message, errorData: outcome.data, logLines: outcome.logLines };
    sendJson(res, STATUS_FUNCTION_FAILED, reply, headers);
  }
}
