import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AuthFailure } from "../auth/auth-failure";
import type { DevAuth } from "../auth/dev-auth";
import { requestIdentity } from "../auth/request-identity";
import type { Engine, Identity } from "../engine/engine";
import { log } from "../log";
import { readBody } from "./util";

/** The caller, or why its Authorization header was refused (the action runs either way, as on Convex). */
async function identityOf(req: IncomingMessage, auth: DevAuth): Promise<{ identity: Identity | null; refused: string | null }> {
  try {
    return { identity: await requestIdentity(req, auth), refused: null };
  } catch (error) {
    if (error instanceof AuthFailure) return { identity: null, refused: error.message };
    throw error;
  }
}

/** The "site" URL: HTTP actions routed by convex/http.ts. */
export async function handleSiteRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { engine: Engine; auth: DevAuth },
) {
  try {
    const method = req.method ?? "GET";
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    const body = method === "GET" || method === "HEAD" ? undefined : new Uint8Array(await readBody(req));
    const { identity, refused } = await identityOf(req, deps.auth);
    const response = await deps.engine.http(req.url ?? "/", { method, headers, body }, identity, refused);
    const outgoing: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      outgoing[name] = name === "set-cookie" ? response.headers.getSetCookie() : value;
    });
    res.writeHead(response.status, outgoing);
    if (!response.body || method === "HEAD") {
      res.end();
      return;
    }
    Readable.fromWeb(response.body as unknown as WebReadableStream).pipe(res);
  } catch (error) {
    log.error(`HTTP action failed: ${error instanceof Error ? error.stack : String(error)}`);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
    res.end("Internal error in the offline backend.");
  }
}
