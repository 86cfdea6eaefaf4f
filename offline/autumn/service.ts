import type { IncomingMessage, ServerResponse } from "node:http";
import { handleCheckoutRequest } from "../checkout";
import { handleAutumnApi } from "./api";
import { TestAutumn, type TestAutumnDeps } from "./test-autumn";

/*
 * Test-mode Autumn as the offline backend mounts it: the API under
 * /_helm/autumn/v1/ (HELM_TEST_AUTUMN_URL is /_helm/autumn, autumn-js adds
 * /v1/…) and the pages under /_helm/checkout/. One test account per data
 * folder.
 */

export type TestBillingDeps = { apiUrl: string; siteUrl: string; webhookSecret: string; dataDir: string };

const accounts = new Map<string, TestAutumn>();

function account(dataDir: string): TestAutumn {
  let autumn = accounts.get(dataDir);
  if (!autumn) accounts.set(dataDir, (autumn = TestAutumn.inDataDir(dataDir)));
  return autumn;
}

const autumnDeps = (deps: TestBillingDeps): TestAutumnDeps => ({
  pagesUrl: `${deps.apiUrl}/_helm/checkout`,
  siteUrl: deps.siteUrl,
  webhookSecret: deps.webhookSecret,
});

/** `rest` is the path after /_helm/autumn/v1/ (the operation) . */
export async function handleTestAutumnApi(req: IncomingMessage, res: ServerResponse, operation: string, deps: TestBillingDeps) {
  await handleAutumnApi(req, res, operation, account(deps.dataDir), autumnDeps(deps));
}

/** `path` is the path after /_helm/checkout. */
export async function handleTestCheckout(req: IncomingMessage, res: ServerResponse, path: string, deps: TestBillingDeps) {
  await handleCheckoutRequest(req, res, path, account(deps.dataDir), autumnDeps(deps));
}
