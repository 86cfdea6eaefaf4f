import type { IncomingMessage, ServerResponse } from "node:http";
import { billingConfig, modelProviderConfig } from "../../convex/model/config";
import type { JSONValue } from "convex/values";
import type { DevAuth } from "../auth/dev-auth";
import type { SystemErrorKind } from "../engine/system-errors";
import { HttpError, readJson, sendJson } from "./util";

export type HelmRouteDeps = {
  auth: DevAuth;
  apiUrl: string;
  siteUrl: string;
  /** The data folder (test-mode Autumn keeps its account there). */
  dataDir: string;
  webhookSecret: () => string;
  /** Paths of the components convex/convex.config.ts mounts ("rateLimiter", "rateLimiter/batchWorker"). */
  components: () => string[];
  /** Test-only hooks, present when the backend runs with --testing. */
  testing: {
    dropSockets: () => void;
    dropNextMutationResponse: () => void;
    failNextMutations: (kind: SystemErrorKind, count: number, table: string | null) => void;
    commitAfterNextQuery: (race: { query: string; mutation: string; args: JSONValue }) => void;
  } | null;
};

const MAX_NAME_LENGTH = 60;

/**
 * Loads a sibling module on first use, so a broken offline model or checkout
 * (owned by other features) answers 503 instead of stopping the backend.
 */
function lazy<T>(load: () => Promise<T>) {
  let loaded: Promise<T> | null = null;
  return () => (loaded ??= load().catch((error) => {
    loaded = null;
    throw new HttpError(503, "Unavailable", `Could not load this offline service: ${String(error)}`);
  }));
}
const modelModule = lazy(() => import("../model"));
const testBillingModule = lazy(() => import("../autumn/service"));

/** Endpoints of the offline backend itself, under /_helm/ on the API port. */
export async function handleHelmRoute(
  req: IncomingMessage,
  res: ServerResponse,
  rest: string,
  deps: HelmRouteDeps,
  headers: Record<string, string>,
) {
  const route = rest.split("?")[0];
  if (route === "/model" || route.startsWith("/model/")) {
    return await (await modelModule()).handleModelRequest(req, res, rest.slice("/model".length));
  }
  const billing = { apiUrl: deps.apiUrl, siteUrl: deps.siteUrl, webhookSecret: deps.webhookSecret(), dataDir: deps.dataDir };
  if (route === "/checkout" || route.startsWith("/checkout/")) {
    return await (await testBillingModule()).handleTestCheckout(req, res, rest.slice("/checkout".length), billing);
  }
  if (route.startsWith("/autumn/v1/")) {
    return await (await testBillingModule()).handleTestAutumnApi(req, res, route.slice("/autumn/v1/".length), billing);
  }
  const endpoint = `${req.method} ${route}`;
  switch (endpoint) {
    case "POST /dev-auth/token": {
      const body = (await readJson(req)) as { name?: unknown };
      const name = typeof body?.name === "string" ? body.name.trim().replace(/\s+/g, " ") : "";
      if (!name || name.length > MAX_NAME_LENGTH) {
        throw new HttpError(400, "InvalidName", `Enter a name of 1 to ${MAX_NAME_LENGTH} characters.`);
      }
      return sendJson(res, 200, await deps.auth.mint(name), headers);
    }
    case "GET /dev-auth/jwks":
      return sendJson(res, 200, deps.auth.jwks(), headers);
    case "GET /info":
      return sendJson(
        res,
        200,
        { mode: "offline", model: modelProviderConfig().kind, billing: billingConfig().mode, components: deps.components() },
        headers,
      );
  }
  if (deps.testing && req.method === "POST") {
    if (route === "/testing/drop-sockets") {
      deps.testing.dropSockets();
      return sendJson(res, 200, { ok: true }, headers);
    }
    if (route === "/testing/drop-next-mutation-response") {
      deps.testing.dropNextMutationResponse();
      return sendJson(res, 200, { ok: true }, headers);
    }
    if (route === "/testing/fail-next-mutations") {
      const body = (await readJson(req)) as { error?: unknown; count?: unknown; table?: unknown };
      if ((body?.error !== "occ" && body?.error !== "overloaded") || !Number.isInteger(body.count) || (body.count as number) < 1) {
        throw new HttpError(400, "BadRequest", 'Send {"error": "occ" | "overloaded", "count": N, "table"?: name}.');
      }
      deps.testing.failNextMutations(body.error, body.count as number, typeof body.table === "string" ? body.table : null);
      return sendJson(res, 200, { ok: true }, headers);
    }
    if (route === "/testing/commit-after-next-query") {
      const body = (await readJson(req)) as { query?: unknown; mutation?: unknown; args?: unknown };
      if (typeof body?.query !== "string" || typeof body.mutation !== "string") {
        throw new HttpError(400, "BadRequest", 'Send {"query": path, "mutation": path, "args"?: object}.');
      }
      deps.testing.commitAfterNextQuery({ query: body.query, mutation: body.mutation, args: (body.args ?? {}) as JSONValue });
      return sendJson(res, 200, { ok: true }, headers);
    }
  }
  throw new HttpError(404, "NotFound", `No offline endpoint ${endpoint}.`);
}
