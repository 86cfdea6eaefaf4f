import type { IncomingMessage, ServerResponse } from "node:http";
import type { DevAuth } from "../auth/dev-auth";
import type { Engine } from "../engine/engine";
import { log } from "../log";
import { FUNCTION_ENDPOINTS, handleFunctionApi } from "./function-api";
import { handleHelmRoute, type HelmRouteDeps } from "./helm-routes";
import { HttpError, corsHeaders, sendJson } from "./util";

export type ApiDeps = HelmRouteDeps & { engine: Engine; auth: DevAuth };

/** Requests on the API port (the WebSocket upgrade is handled separately). */
export async function handleApiRequest(req: IncomingMessage, res: ServerResponse, deps: ApiDeps) {
  const headers = corsHeaders(req);
  const url = new URL(req.url ?? "/", "http://offline");
  try {
    if (req.method === "OPTIONS") {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    const api = /^\/api\/([a-z_]+)$/.exec(url.pathname);
    if (api && FUNCTION_ENDPOINTS.has(api[1])) {
      await handleFunctionApi(req, res, api[1], deps, headers);
      return;
    }
    if (url.pathname.startsWith("/_helm/")) {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      await handleHelmRoute(req, res, url.pathname.slice("/_helm".length) + url.search, deps, headers);
      return;
    }
    if (url.pathname === "/" || url.pathname === "/version") {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("Helm offline backend (Convex protocol). Open the web app instead.\n");
      return;
    }
    throw new HttpError(404, "NotFound", `No route for ${req.method} ${url.pathname}.`);
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof HttpError) {
      sendJson(res, error.status, { code: error.code, message: error.message }, headers);
      return;
    }
    log.error(`Request ${req.method} ${url.pathname} failed: ${error instanceof Error ? error.stack : String(error)}`);
    sendJson(res, 500, { code: "InternalServerError", message: "Internal error in the offline backend." }, headers);
  }
}
