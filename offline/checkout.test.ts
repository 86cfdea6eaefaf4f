import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Autumn } from "autumn-js";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import {
  apiCustomer,
  attachResponse,
  billingUpdatedPayload,
  customerPortalResponse,
} from "../convex/billing/autumnContract.testing";
import { parseAutumnEvent, verifyAutumnSignature } from "../convex/model/billing/webhook";
import { TEST_AUTUMN_SECRET_KEY } from "../convex/model/config";
import { handleAutumnApi } from "./autumn/api";
import { TestAutumn, type TestAutumnDeps } from "./autumn/test-autumn";
import { handleCheckoutRequest } from "./checkout";

/*
 * Test-mode Autumn against a stand-in for the app's site, driven through the
 * real autumn-js client: every answer and every webhook must match Autumn's
 * own schemas field for field (autumnContract.testing.ts), and each delivery
 * must pass the app's signature check and parser.
 */

const SECRET = `whsec_${Buffer.from("offline-checkout-test-secret-32b").toString("base64")}`;
const APP = "http://127.0.0.1:5273";
const CUSTOMER = "user_alice";

type Delivery = { headers: IncomingMessage["headers"]; body: string };
let deliveries: Delivery[] = [];
let siteStatus: number[] = [];
let site: Server;
let backend: Server;
let base = "";
let autumn: TestAutumn;
let deps: TestAutumnDeps;

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

beforeAll(async () => {
  site = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    deliveries.push({ headers: req.headers, body });
    res.writeHead(siteStatus.shift() ?? 200, { "Content-Type": "application/json" }).end("{}");
  });
  const siteUrl = await listen(site);
  backend = createServer((req, res) => {
    const path = req.url ?? "";
    if (path.startsWith("/_helm/autumn/v1/")) {
      void handleAutumnApi(req, res, path.slice("/_helm/autumn/v1/".length), autumn, deps);
    } else {
      void handleCheckoutRequest(req, res, path.replace(/^\/_helm\/checkout/, ""), autumn, deps);
    }
  });
  base = await listen(backend);
  deps = { pagesUrl: `${base}/_helm/checkout`, siteUrl, webhookSecret: SECRET, retryScheduleMs: [20] };
});
afterAll(async () => {
  await new Promise((r) => site.close(r));
  await new Promise((r) => backend.close(r));
});
beforeEach(() => {
  deliveries = [];
  siteStatus = [];
  autumn = new TestAutumn(null);
});

const client = () => new Autumn({ secretKey: TEST_AUTUMN_SECRET_KEY, serverURL: `${base}/_helm/autumn` });

/** The raw wire answer, to hold it to Autumn's schema (autumn-js would camelCase it). */
async function raw(operation: string, body: Record<string, unknown>) {
  const response = await fetch(`${base}/_helm/autumn/v1/${operation}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TEST_AUTUMN_SECRET_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const attachBody = (planId: string, product = "pack500") => ({
  customer_id: CUSTOMER,
  plan_id: planId,
  success_url: `${APP}/billing/return?product=${product}&checkout=chk_1`,
  checkout_session_params: { cancel_url: `${APP}/pricing?checkout=cancelled` },
});

async function startCheckout(planId: string, product?: string) {
  await client().customers.getOrCreate({ customerId: CUSTOMER, name: "Alice", email: "alice@example.com" });
  const answer = await raw("billing.attach", attachBody(planId, product));
  expect(attachResponse.parse(answer.body)).toBeTruthy();
  return (answer.body as { payment_url: string }).payment_url;
}

const sessionId = (pageUrl: string) => new URL(pageUrl).searchParams.get("id")!;

/** Submits the page's Pay form as a browser would. */
async function pay(pageUrl: string, options: { lose?: boolean } = {}) {
  const html = await (await fetch(pageUrl, { redirect: "manual" })).text();
  const id = /name="id" value="([^"]+)"/.exec(html)?.[1] ?? sessionId(pageUrl);
  const form = new URLSearchParams({ id });
  if (options.lose) form.set("lose", "1");
  return await fetch(`${base}/_helm/checkout/pay`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    redirect: "manual",
  });
}

async function portalForm(action: "cancel" | "end", productId: string) {
  const { url } = await client().billing.openCustomerPortal({ customerId: CUSTOMER, returnUrl: `${APP}/pricing` });
  const id = new URL(url).searchParams.get("id")!;
  return await fetch(`${base}/_helm/checkout/portal/${action}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ id, product: productId }).toString(),
    redirect: "manual",
  });
}

function delivered(index: number) {
  const delivery = deliveries[index];
  const headers = new Headers(Object.entries(delivery.headers).map(([k, v]) => [k, String(v)] as [string, string]));
  const result = verifyAutumnSignature(SECRET, delivery.body, headers);
  if (!result.ok) throw new Error(`delivery failed verification: ${result.error}`);
  // Exactly Autumn's shape: a strict schema fails on any field Autumn doesn't send.
  return { eventId: result.eventId, payload: billingUpdatedPayload.parse(result.body), body: result.body };
}

async function customerNow() {
  const answer = await raw("customers.get", { customer_id: CUSTOMER });
  return apiCustomer.parse(answer.body);
}

describe("checkout", () => {
  test("the page is marked test mode and shows the pack and its price", async () => {
    const html = await (await fetch(await startCheckout("credits_1000", "pack1000"))).text();
    expect(html).toContain("TEST MODE");
    expect(html).toContain("1,000 credits");
    expect(html).toContain("Pay $9");
    expect(html).toContain(`href="${APP}/pricing?checkout=cancelled"`);
    expect(html).toContain("Lose this webhook");
  });

  test("the same attach gets the same open checkout back; a different one expires it", async () => {
    const first = await startCheckout("credits_500");
    expect(await startCheckout("credits_500")).toBe(first);
    const other = await startCheckout("credits_1000", "pack1000");
    expect(other).not.toBe(first);
    expect((await fetch(first)).status).toBe(410);
    expect((await fetch(other)).status).toBe(200);
  });

  test("Pay records the purchase, delivers billing.updated in Autumn's exact shape and returns to the app", async () => {
    const response = await pay(await startCheckout("credits_500"));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${APP}/billing/return?product=pack500&checkout=chk_1`);
    expect(deliveries).toHaveLength(1);
    const { payload, body } = delivered(0);
    expect(payload.data.plan_changes).toEqual([
      {
        action: "activated",
        purchase: { plan_id: "credits_500", status: "active", expires_at: null },
        previous_attributes: null,
        item_changes: [],
      },
    ]);
    expect(parseAutumnEvent(body)).toEqual({
      ok: true,
      event: { kind: "billingUpdated", customerId: CUSTOMER, changes: [{ kind: "pack", productId: "credits_500" }] },
    });
    const purchases = (await customerNow()).purchases;
    expect(purchases).toEqual([
      { plan_id: "credits_500", expires_at: null, started_at: expect.any(Number), quantity: 1, scope: "customer" },
    ]);
  });

  test("paying twice from one page buys once", async () => {
    const page = await startCheckout("credits_500");
    await pay(page);
    const again = await pay(page);
    expect(again.status).toBe(303);
    expect(deliveries).toHaveLength(1);
    expect((await customerNow()).purchases).toHaveLength(1);
  });

  test("'Lose this webhook' records the purchase without delivering anything", async () => {
    await pay(await startCheckout("credits_500"), { lose: true });
    expect(deliveries).toHaveLength(0);
    expect((await customerNow()).purchases).toHaveLength(1);
  });

  test("a failed delivery doesn't undo the payment, and is retried with the same message id as Svix does", async () => {
    siteStatus = [500];
    const response = await pay(await startCheckout("credits_500"));
    expect(response.status).toBe(303);
    expect((await customerNow()).purchases).toHaveLength(1);
    await vi.waitFor(() => expect(deliveries).toHaveLength(2));
    expect(delivered(1).eventId).toBe(delivered(0).eventId);
  });
});

describe("with the test card on file", () => {
  test("a later attach charges it at once: no payment URL, one more purchase, one webhook", async () => {
    await pay(await startCheckout("credits_500"));
    const answer = await raw("billing.attach", attachBody("credits_500"));
    expect(attachResponse.parse(answer.body)).toEqual({ customer_id: CUSTOMER, payment_url: null });
    expect(deliveries).toHaveLength(2);
    const purchases = (await customerNow()).purchases;
    expect(purchases).toHaveLength(2);
    expect(purchases[0].started_at).not.toBe(purchases[1].started_at);
  });

  test.each([
    ["3184", "3ds_required"],
    ["0341", "payment_failed"],
  ] as const)("card %s answers required_action %s with no payment URL, and buys nothing", async (card, code) => {
    await pay(await startCheckout("credits_500"));
    autumn.setCard(CUSTOMER, card);
    const answer = await raw("billing.attach", attachBody("credits_1000", "pack1000"));
    expect(attachResponse.parse(answer.body)).toEqual({
      customer_id: CUSTOMER,
      payment_url: null,
      required_action: { code, reason: expect.any(String) },
    });
    const sdk = await client().billing.attach({ customerId: CUSTOMER, planId: "credits_1000" });
    expect(sdk).toMatchObject({ paymentUrl: null, requiredAction: { code } });
    expect(deliveries).toHaveLength(1);
    expect((await customerNow()).purchases).toHaveLength(1);
  });
});

describe("Pro and the customer portal", () => {
  test("activation carries null period fields; the customer API has the real period", async () => {
    const page = await startCheckout("pro", "pro");
    expect(await (await fetch(page)).text()).toContain("then $12 every month");
    await pay(page);
    const change = delivered(0).payload.data.plan_changes[0];
    expect(change).toMatchObject({
      action: "activated",
      subscription: { plan_id: "pro", status: "active", current_period_start: null, current_period_end: null },
    });
    const [subscription] = (await customerNow()).subscriptions;
    expect(subscription.current_period_end! - subscription.current_period_start!).toBe(30 * 24 * 60 * 60 * 1000);
  });

  test("cancelling sends `updated` with canceled_at and the period end; ending it sends `expired`", async () => {
    await pay(await startCheckout("pro", "pro"));
    const [subscription] = (await customerNow()).subscriptions;
    const portal = await client().billing.openCustomerPortal({ customerId: CUSTOMER, returnUrl: `${APP}/pricing` });
    expect(customerPortalResponse.parse({ customer_id: portal.customerId, url: portal.url })).toBeTruthy();
    expect(await (await fetch(portal.url)).text()).toContain("Renews on");

    expect((await portalForm("cancel", subscription.id)).status).toBe(303);
    const canceled = delivered(1).payload.data.plan_changes[0];
    expect(canceled).toEqual({
      action: "updated",
      subscription: expect.objectContaining({
        status: "active",
        canceled_at: expect.any(Number),
        expires_at: subscription.current_period_end,
        current_period_end: null,
      }),
      previous_attributes: { canceled_at: null, expires_at: null },
      item_changes: [],
    });
    expect((await customerNow()).subscriptions[0]).toMatchObject({ canceled_at: expect.any(Number) });

    await portalForm("end", subscription.id);
    const expired = delivered(2).payload.data.plan_changes[0];
    expect(expired).toMatchObject({ action: "expired", subscription: { status: "expired" } });
    expect(parseAutumnEvent(delivered(2).body)).toMatchObject({ ok: true, event: { changes: [{ kind: "pro", status: "expired" }] } });
    expect((await customerNow()).subscriptions).toEqual([]);
  });
});

test("the API refuses a caller without the test key, as Autumn refuses a bad key", async () => {
  const response = await fetch(`${base}/_helm/autumn/v1/customers.get`, {
    method: "POST",
    headers: { Authorization: "Bearer am_sk_wrong", "Content-Type": "application/json" },
    body: "{}",
  });
  expect(response.status).toBe(401);
});
