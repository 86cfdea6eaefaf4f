import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { testCheckoutUrl } from "../convex/model/billing/catalogue";
import { parseAutumnEvent, verifyAutumnSignature } from "../convex/model/billing/webhook";
import { handleCheckoutRequest } from "./checkout";

/*
 * The test checkout against a stand-in for the app's site: what it delivers
 * must pass the real webhook's own signature check and parser.
 */

const SECRET = `whsec_${Buffer.from("offline-checkout-test-secret-32b").toString("base64")}`;
const APP = "http://127.0.0.1:5273";

type Delivery = { headers: IncomingMessage["headers"]; body: string };
let deliveries: Delivery[] = [];
let siteStatus = 200;
let site: Server;
let checkout: Server;
let checkoutBase = "";

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

beforeAll(async () => {
  site = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    deliveries.push({ headers: req.headers, body });
    res.writeHead(siteStatus, { "Content-Type": "application/json" }).end("{}");
  });
  const siteUrl = await listen(site);
  checkout = createServer((req, res) => {
    const path = (req.url ?? "").replace(/^\/_helm\/checkout/, "");
    void handleCheckoutRequest(req, res, path, { siteUrl, webhookSecret: SECRET });
  });
  checkoutBase = `${await listen(checkout)}/_helm/checkout`;
});
afterAll(async () => {
  await new Promise((r) => site.close(r));
  await new Promise((r) => checkout.close(r));
});
beforeEach(() => {
  deliveries = [];
  siteStatus = 200;
});

const sessionUrl = (productId: string, successUrl = `${APP}/billing/return?product=pack500&since=1`) =>
  testCheckoutUrl(checkoutBase, {
    productId,
    customerId: "user_alice",
    successUrl,
    cancelUrl: `${APP}/pricing`,
  });

/** Submits the page's Pay form as a browser would. */
async function pay(pageHtml: string) {
  const fields = new URLSearchParams();
  for (const match of pageHtml.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.set(match[1], match[2].replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))));
  }
  return await fetch(`${checkoutBase}/pay`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: fields.toString(),
    redirect: "manual",
  });
}

function verified(delivery: Delivery) {
  const headers = new Headers(
    Object.entries(delivery.headers).map(([k, v]) => [k, String(v)] as [string, string]),
  );
  const result = verifyAutumnSignature(SECRET, delivery.body, headers);
  if (!result.ok) throw new Error(`delivery failed verification: ${result.error}`);
  return result;
}

describe("test checkout page", () => {
  test("is clearly marked as test mode and shows the pack and its price", async () => {
    const response = await fetch(sessionUrl("credits_1000"));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("TEST MODE");
    expect(html).toContain("1,000 credits");
    expect(html).toContain("Pay $9");
    expect(html).toContain(`href="${APP}/pricing"`);
  });

  test("refuses unknown products and non-http return addresses", async () => {
    expect((await fetch(sessionUrl("credits_42"))).status).toBe(400);
    expect((await fetch(sessionUrl("credits_500", "javascript:alert(1)"))).status).toBe(400);
  });
});

describe("Pay", () => {
  test("delivers a signed billing.updated for the pack and redirects to the success URL", async () => {
    const page = await (await fetch(sessionUrl("credits_500"))).text();
    const response = await pay(page);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${APP}/billing/return?product=pack500&since=1`);
    expect(deliveries).toHaveLength(1);
    const { body, eventId } = verified(deliveries[0]);
    expect(eventId).toMatch(/^msg_test_/);
    expect(parseAutumnEvent(body, Date.now())).toEqual({
      ok: true,
      event: {
        kind: "billingUpdated",
        customerId: "user_alice",
        changes: [{ kind: "pack", productId: "credits_500", credits: 500 }],
      },
    });
  });

  test("Pro delivers an active subscription with a period end a month out", async () => {
    const page = await (await fetch(sessionUrl("pro"))).text();
    expect(page).toContain("Pay $12");
    expect(page).toContain("then $12 every month");
    await pay(page);
    const parsed = parseAutumnEvent(verified(deliveries[0]).body, Date.now());
    expect(parsed).toMatchObject({ ok: true, event: { changes: [{ kind: "pro", active: true }] } });
  });

  test("paying twice from one page redelivers the same event id", async () => {
    const page = await (await fetch(sessionUrl("credits_500"))).text();
    await pay(page);
    await pay(page);
    expect(deliveries).toHaveLength(2);
    expect(verified(deliveries[0]).eventId).toBe(verified(deliveries[1]).eventId);
  });

  test("a webhook failure keeps the user on the page with the reason", async () => {
    siteStatus = 500;
    const page = await (await fetch(sessionUrl("credits_500"))).text();
    const response = await pay(page);
    expect(response.status).toBe(502);
    expect(await response.text()).toContain("answered 500");
  });
});
