import type { IncomingMessage, ServerResponse } from "node:http";
import type { JSONValue } from "convex/values";
import { AuthFailure } from "../auth/auth-failure";
import type { DevAuth } from "../auth/dev-auth";
import { requestIdentity } from "../auth/request-identity";
import type { CallOutcome, Engine, Identity } from "../engine/engine";
import { newRequestId } from "../engine/errors";
import { systemErrorBody } from "../engine/system-errors";
import { decodeTs, encodeTs } from "../sync/protocol";
import { queryAtVersion } from "./query-at-ts";
import { HttpError, readJson, sendJson } from "./util";

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
 * `{path, args, format: "convex_encoded_json"}`, answering 200 with
 * `{status: "success", value, logLines}` or
 * `{status: "error", errorMessage, errorData?, logLines}` (convex-backend
 * crates/local_backend/src/public_api.rs: a function's own failure is a 200;
 * system errors such as OCC are HTTP errors, `{code, message}`). The request
 * id in error messages is the `Convex-Request-Id` header's, else a new one.
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
  const body = (await readJson(req)) as { path?: unknown; args?: unknown; ts?: unknown };
  if (typeof body?.path !== "string") throw new HttpError(400, "BadRequest", "Missing the function `path`.");
  const args = (Array.isArray(body.args) ? (body.args[0] ?? {}) : (body.args ?? {})) as JSONValue;
  const identity = await identityOf(req, auth);
  const header = req.headers["convex-request-id"];
  const requestId = typeof header === "string" && header ? header : newRequestId();
  let kind = endpoint as Endpoint;
  if (kind === "function") kind = engine.generation.resolve(body.path)?.kind ?? "query";
  if (kind === "mutation") {
    const injected = engine.failures.takeForMutation();
    if (injected) {
      sendJson(res, injected.httpStatus, systemErrorBody(injected), headers);
      return;
    }
  }
  let outcome: CallOutcome;
  if (kind === "query_at_ts") {
    const ts = typeof body.ts === "string" ? decodeTs(body.ts) : engine.version;
    const answer = await queryAtVersion(engine, ts, body.path, args, identity, requestId);
    if (!answer.ok) {
      sendJson(res, answer.httpStatus, answer.body, headers);
      return;
    }
    outcome = answer.outcome;
  } else if (kind === "query") {
    outcome = await engine.query(body.path, args, identity, null, { requestId });
  } else {
    outcome = await engine.call(kind, body.path, args, identity, { requestId });
  }
  if (outcome.ok) {
    sendJson(res, 200, { status: "success", value: outcome.value, logLines: outcome.logLines }, headers);
  } else {
    const reply = { status: "error", errorMessage: outcome.message, errorData: outcome.data, logLines: outcome.logLines };
    sendJson(res, 200, reply, headers);
  }
}
