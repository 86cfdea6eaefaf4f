import type { IncomingMessage, ServerResponse } from "node:http";
import { TEST_AUTUMN_SECRET_KEY } from "../../convex/model/config";
import { readJson, sendJson } from "../http/util";
import { AutumnApiError, type AttachBody, type TestAutumn, type TestAutumnDeps } from "./test-autumn";

/*
 * The stand-in for Autumn's API (https://api.useautumn.com/v1/…), for the
 * calls Helm makes through autumn-js: customers.get_or_create,
 * customers.get, billing.attach, billing.open_customer_portal. Errors are
 * `{message, code}` with Autumn's status, which autumn-js turns into an
 * AutumnError carrying that status.
 */

type Body = Record<string, unknown>;
const text = (value: unknown) => (typeof value === "string" ? value : null);

export async function handleAutumnApi(
  req: IncomingMessage,
  res: ServerResponse,
  operation: string,
  autumn: TestAutumn,
  deps: TestAutumnDeps,
) {
  try {
    if (req.headers.authorization !== `Bearer ${TEST_AUTUMN_SECRET_KEY}`) {
      throw new AutumnApiError(401, "unauthorized", "Invalid secret key");
    }
    if (req.method !== "POST") throw new AutumnApiError(405, "method_not_allowed", "Use POST");
    const body = ((await readJson(req)) ?? {}) as Body;
    switch (operation) {
      case "customers.get_or_create":
        return sendJson(res, 200, autumn.getOrCreate(String(body.customer_id ?? ""), text(body.name), text(body.email)));
      case "customers.get":
        return sendJson(res, 200, autumn.get(String(body.customer_id ?? "")));
      case "billing.attach":
        return sendJson(res, 200, await autumn.attach(body as AttachBody, deps));
      case "billing.open_customer_portal":
        return sendJson(res, 200, autumn.openPortal(String(body.customer_id ?? ""), text(body.return_url), deps));
      default:
        throw new AutumnApiError(404, "not_found", `The test Autumn doesn't offer ${operation}`);
    }
  } catch (error) {
    if (error instanceof AutumnApiError) {
      return sendJson(res, error.status, { message: error.message, code: error.code });
    }
    throw error;
  }
}
