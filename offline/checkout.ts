import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Webhook } from "svix";
import {
  productByAutumnId,
  TEST_CHECKOUT_PARAMS,
  type ProductInfo,
} from "../convex/model/billing/catalogue";
import { checkoutPage, errorPage, type CheckoutItem } from "./checkout-page";

/*
 * Test-mode checkout, served by the offline backend under /_helm/checkout/.
 * It plays Autumn's part end to end: a payment page, and on Pay a
 * `billing.updated` event delivered to the app's real webhook endpoint,
 * Svix-signed with the same secret the backend verifies against. The
 * browser is then sent back to the app's success URL.
 *
 *   GET  /session?product&customer&success_url&cancel_url   the page
 *   POST /pay     (form)                                     deliver + redirect
 */

export type CheckoutDeps = { siteUrl: string; webhookSecret: string };

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_FORM_BYTES = 16 * 1024;
const DELIVERY_TIMEOUT_MS = 10_000;

export async function handleCheckoutRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: CheckoutDeps,
): Promise<void> {
  const route = path.split("?")[0].replace(/\/+$/, "") || "/";
  try {
    if (req.method === "GET" && route === "/session") {
      const query = new URL(req.url ?? path, "http://checkout.local").searchParams;
      const session = readSession((name) => query.get(name));
      if (typeof session === "string") return send(res, 400, errorPage(session));
      return send(res, 200, renderCheckout(session, randomUUID()));
    }
    if (req.method === "POST" && route === "/pay") {
      const form = new URLSearchParams(await readBody(req));
      const session = readSession((name) => form.get(name));
      if (typeof session === "string") return send(res, 400, errorPage(session));
      const sessionId = form.get("session") || randomUUID();
      const delivered = await deliverPurchase(session, sessionId, deps);
      if (!delivered.ok) return send(res, 502, renderCheckout(session, sessionId, delivered.error));
      res.writeHead(303, { Location: session.successUrl, "Cache-Control": "no-store" });
      res.end();
      return;
    }
    send(res, 404, errorPage("There is no such test checkout page."));
  } catch (error) {
    send(res, 500, errorPage(error instanceof Error ? error.message : String(error)));
  }
}

type Session = {
  product: ProductInfo;
  customerId: string;
  successUrl: string;
  cancelUrl: string;
};

function readSession(get: (name: string) => string | null): Session | string {
  const productId = get(TEST_CHECKOUT_PARAMS.product) ?? "";
  const product = productByAutumnId(productId);
  if (!product) return `Unknown product "${productId}".`;
  const customerId = get(TEST_CHECKOUT_PARAMS.customer) ?? "";
  if (!customerId) return "The checkout link has no customer.";
  const successUrl = httpUrl(get(TEST_CHECKOUT_PARAMS.successUrl));
  const cancelUrl = httpUrl(get(TEST_CHECKOUT_PARAMS.cancelUrl));
  if (!successUrl || !cancelUrl) return "The checkout link's return addresses are missing or invalid.";
  return { product, customerId, successUrl, cancelUrl };
}

function httpUrl(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

const dollars = (cents: number) =>
  `$${(cents / 100).toFixed(cents % 100 === 0 ? 0 : 2)}`;

function describe(product: ProductInfo): CheckoutItem {
  if (product.kind === "pro") {
    return {
      title: "Helm Pro",
      detail: "Unlimited credits, billed monthly. Cancel any time.",
      price: dollars(product.priceCents),
      recurring: true,
    };
  }
  return {
    title: `${product.credits.toLocaleString("en-US")} credits`,
    detail: "One-off credit pack. Purchased credits never expire.",
    price: dollars(product.priceCents),
    recurring: false,
  };
}

function renderCheckout(session: Session, sessionId: string, error?: string): string {
  return checkoutPage({
    item: describe(session.product),
    cancelUrl: session.cancelUrl,
    error,
    hidden: {
      [TEST_CHECKOUT_PARAMS.product]: session.product.productId,
      [TEST_CHECKOUT_PARAMS.customer]: session.customerId,
      [TEST_CHECKOUT_PARAMS.successUrl]: session.successUrl,
      [TEST_CHECKOUT_PARAMS.cancelUrl]: session.cancelUrl,
      // One id per checkout session: paying twice (double click, back and
      // resubmit, retry after an error) redelivers the same event, which the
      // webhook then ignores.
      session: sessionId,
    },
  });
}

/** The `billing.updated` event Autumn sends when `product` becomes active. */
export function billingUpdatedEvent(product: ProductInfo, customerId: string, now: number) {
  const planChange =
    product.kind === "pack"
      ? {
          action: "activated",
          purchase: { plan_id: product.productId, quantity: 1, started_at: now, expires_at: null },
          previous_attributes: null,
          item_changes: [],
        }
      : {
          action: "activated",
          subscription: {
            plan_id: product.productId,
            status: "active",
            past_due: false,
            started_at: now,
            canceled_at: null,
            expires_at: null,
            trial_ends_at: null,
            current_period_start: now,
            current_period_end: now + 30 * DAY_MS,
          },
          previous_attributes: null,
          item_changes: [],
        };
  return {
    type: "billing.updated",
    data: {
      object: "billing.updated",
      customer_id: customerId,
      entity_id: null,
      plan_changes: [planChange],
      tags: [],
    },
  };
}

/** Headers of a webhook delivery Svix-signed with `secret`, as Autumn sends them. */
export function signedWebhookHeaders(secret: string, msgId: string, sentAt: Date, body: string): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "svix-id": msgId,
    "svix-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
    "svix-signature": new Webhook(secret).sign(msgId, sentAt, body),
  };
}

async function deliverPurchase(
  session: Session,
  sessionId: string,
  deps: CheckoutDeps,
): Promise<{ ok: true } | { ok: false; error: string }> {
  if (!deps.webhookSecret) return { ok: false, error: "No webhook secret is configured." };
  const msgId = `msg_test_${sessionId}`;
  const sentAt = new Date();
  const body = JSON.stringify(billingUpdatedEvent(session.product, session.customerId, sentAt.getTime()));
  const endpoint = `${deps.siteUrl.replace(/\/+$/, "")}/webhooks/autumn`;
  try {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: signedWebhookHeaders(deps.webhookSecret, msgId, sentAt, body),
      body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    if (response.ok) return { ok: true };
    return {
      ok: false,
      error: `The app's webhook answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
    };
  } catch (error) {
    return { ok: false, error: `Couldn't reach the app's webhook: ${String(error)}` };
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Error("The form is too large.");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  res.end(html);
}
