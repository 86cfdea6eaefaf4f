import type { IncomingMessage, ServerResponse } from "node:http";
import { productByAutumnId, type ProductInfo } from "../convex/model/billing/catalogue";
import { AutumnApiError, type TestAutumn, type TestAutumnDeps } from "./autumn/test-autumn";
import type { Card } from "./autumn/wire";
import { CARD_CHOICES, checkoutPage, errorPage, portalPage, type CheckoutItem } from "./checkout-page";

/*
 * Test-mode pages, served by the offline backend under /_helm/checkout/:
 * the payment page Autumn's attach sends a customer to, and the customer
 * portal. They act on the test Autumn (offline/autumn/), which sends the
 * signed `billing.updated` webhooks to the app's real endpoint.
 *
 *   GET  /session?id        the payment page        POST /pay          pay, then back to the app
 *   GET  /portal?id         the customer portal     POST /portal/cancel | /portal/end | /portal/card
 */

const MAX_FORM_BYTES = 16 * 1024;
const DATE = new Intl.DateTimeFormat("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" });

export async function handleCheckoutRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  autumn: TestAutumn,
  deps: TestAutumnDeps,
): Promise<void> {
  const route = path.split("?")[0].replace(/\/+$/, "") || "/";
  const query = new URL(req.url ?? path, "http://checkout.local").searchParams;
  try {
    if (req.method === "GET" && route === "/session") return showSession(res, autumn, query.get("id") ?? "");
    if (req.method === "GET" && route === "/portal") return showPortal(res, autumn, query.get("id") ?? "");
    if (req.method === "POST") {
      const form = new URLSearchParams(await readBody(req));
      const id = form.get("id") ?? "";
      const lose = form.get("lose") === "1";
      if (route === "/pay") {
        try {
          const session = await autumn.pay(id, lose, deps);
          return redirect(res, session.successUrl);
        } catch (error) {
          if (error instanceof AutumnApiError) return send(res, error.status, errorPage(error.message));
          throw error;
        }
      }
      const found = autumn.portal(id);
      if (!found) return send(res, 404, errorPage("There is no such billing portal session."));
      const customerId = found.customer.id;
      if (route === "/portal/cancel" || route === "/portal/end") {
        if (lose) autumn.loseNextWebhook(customerId);
        const product = form.get("product") ?? "";
        if (route === "/portal/cancel") await autumn.cancel(customerId, product, deps);
        else await autumn.end(customerId, product, deps);
        return redirect(res, `${deps.pagesUrl}/portal?id=${encodeURIComponent(id)}`);
      }
      if (route === "/portal/card") {
        const card = form.get("card");
        if (CARD_CHOICES.some((c) => c.card === card)) autumn.setCard(customerId, card as Card);
        return redirect(res, `${deps.pagesUrl}/portal?id=${encodeURIComponent(id)}`);
      }
    }
    send(res, 404, errorPage("There is no such test checkout page."));
  } catch (error) {
    if (error instanceof AutumnApiError) return send(res, error.status, errorPage(error.message));
    send(res, 500, errorPage(error instanceof Error ? error.message : String(error)));
  }
}

function showSession(res: ServerResponse, autumn: TestAutumn, id: string) {
  const session = autumn.session(id);
  const product = session ? productByAutumnId(session.planId) : null;
  if (!session || !product) return send(res, 404, errorPage("There is no such checkout."));
  if (session.status === "paid") return redirect(res, session.successUrl);
  if (session.status === "expired" || session.expiresAt <= Date.now()) {
    return send(res, 410, errorPage("This checkout has expired: a newer one was opened, or it was left too long."));
  }
  send(res, 200, checkoutPage({ item: describe(product), sessionId: session.id, cancelUrl: session.cancelUrl }));
}

function showPortal(res: ServerResponse, autumn: TestAutumn, id: string) {
  const found = autumn.portal(id);
  if (!found) return send(res, 404, errorPage("There is no such billing portal session."));
  const { portal, customer } = found;
  const subscriptions = customer.products
    .filter((p) => !p.oneOff && p.status === "active")
    .map((p) => {
      const product = productByAutumnId(p.planId);
      return {
        id: p.id,
        title: product ? describe(product).title : p.planId,
        price: product ? `${dollars(product.priceCents)}/month` : "",
        state:
          p.canceledAt !== null && p.endedAt !== null
            ? `Cancelled · ends on ${DATE.format(p.endedAt)}`
            : p.periodEnd !== null
              ? `Renews on ${DATE.format(p.periodEnd)}`
              : "Active",
        canceled: p.canceledAt !== null,
      };
    });
  send(
    res,
    200,
    portalPage({
      portalId: portal.id,
      customerName: customer.name ?? customer.id,
      subscriptions,
      card: customer.card,
      returnUrl: portal.returnUrl,
    }),
  );
}

const dollars = (cents: number) => `$${(cents / 100).toFixed(cents % 100 === 0 ? 0 : 2)}`;

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

function redirect(res: ServerResponse, location: string) {
  res.writeHead(303, { Location: location, "Cache-Control": "no-store" });
  res.end();
}

function send(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  res.end(html);
}
