import { createHash, randomUUID } from "node:crypto";
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { productByAutumnId } from "../../convex/model/billing/catalogue";
import { deliverWebhook } from "./deliver";
import {
  billingUpdatedPayload,
  CARD_OUTCOMES,
  customerJson,
  planChange,
  type Card,
  type CusProduct,
  type TestCustomer,
} from "./wire";

/*
 * Test mode's Autumn: customers with their customer products, checkout
 * sessions and portal sessions, behaving as Autumn does where Helm can tell:
 *   - attach without a card on file opens a checkout; the same parameters
 *     get the same open checkout back, different ones expire it
 *     (checkCheckoutSessionLock.ts);
 *   - attach with a card on file charges it at once (payment_url null) or
 *     answers `required_action` when the card needs the customer;
 *   - every change sends `billing.updated` once, fire-and-forget, retried
 *     only as Svix retries a failed delivery; a test switch can lose it.
 * Kept in the data folder, so purchases survive a restart as they would.
 */

const DAY = 24 * 60 * 60 * 1000;
const MONTH = 30 * DAY;
/** Stripe checkout sessions expire after a day; so does Autumn's lock on one. */
const SESSION_TTL_MS = DAY;

type CheckoutSession = {
  id: string;
  customerId: string;
  planId: string;
  successUrl: string;
  cancelUrl: string | null;
  paramsHash: string;
  status: "open" | "paid" | "expired";
  expiresAt: number;
};

type PortalSession = { id: string; customerId: string; returnUrl: string | null };

type State = {
  customers: Record<string, TestCustomer>;
  sessions: Record<string, CheckoutSession>;
  portals: Record<string, PortalSession>;
  /** Customers whose next billing.updated is dropped (the "lose this webhook" switch). */
  loseNextWebhook: string[];
};

export type TestAutumnDeps = {
  /** Where pages are served: `${apiUrl}/_helm/checkout`. */
  pagesUrl: string;
  /** The app's HTTP actions, where `/webhooks/autumn` lives. */
  siteUrl: string;
  webhookSecret: string;
  /** Tests shorten Svix's retry schedule. */
  retryScheduleMs?: readonly number[];
};

export class AutumnApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type AttachBody = {
  customer_id?: unknown;
  plan_id?: unknown;
  success_url?: unknown;
  checkout_session_params?: { cancel_url?: unknown } | null;
};

export class TestAutumn {
  private state: State;

  constructor(private readonly file: string | null) {
    this.state = { customers: {}, sessions: {}, portals: {}, loseNextWebhook: [] };
    if (file) {
      try {
        this.state = { ...this.state, ...(JSON.parse(readFileSync(file, "utf8")) as State) };
      } catch {
        // No file yet: a fresh test account.
      }
    }
  }

  static inDataDir(dataDir: string): TestAutumn {
    return new TestAutumn(join(dataDir, "autumn-test.json"));
  }

  private save() {
    if (!this.file) return;
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.state));
    renameSync(`${this.file}.tmp`, this.file);
  }

  customer(id: string): TestCustomer | null {
    return this.state.customers[id] ?? null;
  }

  getOrCreate(id: string, name: string | null, email: string | null) {
    const existing = this.state.customers[id];
    if (existing) {
      existing.name = name ?? existing.name;
      existing.email = email ?? existing.email;
    } else {
      this.state.customers[id] = { id, name, email, createdAt: Date.now(), card: null, products: [] };
    }
    this.save();
    return customerJson(this.state.customers[id]);
  }

  get(id: string) {
    const customer = this.state.customers[id];
    if (!customer) throw new AutumnApiError(404, "customer_not_found", `Customer ${id} not found`);
    return customerJson(customer);
  }

  async attach(body: AttachBody, deps: TestAutumnDeps) {
    const customerId = typeof body.customer_id === "string" ? body.customer_id : "";
    const planId = typeof body.plan_id === "string" ? body.plan_id : "";
    const customer = this.state.customers[customerId];
    if (!customer) throw new AutumnApiError(404, "customer_not_found", `Customer ${customerId} not found`);
    const product = productByAutumnId(planId);
    if (!product) throw new AutumnApiError(404, "product_not_found", `Plan ${planId} not found`);
    if (product.kind === "pro" && customer.products.some((p) => p.planId === planId && p.status === "active")) {
      throw new AutumnApiError(400, "product_already_attached", `Customer already has ${planId}`);
    }

    if (customer.card) {
      const declined = CARD_OUTCOMES[customer.card];
      if (declined) return { customer_id: customerId, payment_url: null, required_action: declined };
      await this.purchase(customer, planId, deps);
      return { customer_id: customerId, payment_url: null };
    }

    const successUrl = typeof body.success_url === "string" ? body.success_url : "";
    const cancelUrl = body.checkout_session_params?.cancel_url;
    const paramsHash = createHash("sha256").update(JSON.stringify(body)).digest("hex");
    const now = Date.now();
    const open = Object.values(this.state.sessions).find(
      (s) => s.customerId === customerId && s.status === "open" && s.expiresAt > now,
    );
    if (open && open.paramsHash === paramsHash) {
      return { customer_id: customerId, payment_url: this.sessionUrl(open, deps) };
    }
    if (open) open.status = "expired";
    const session: CheckoutSession = {
      id: `cs_test_${randomUUID().replace(/-/g, "")}`,
      customerId,
      planId,
      successUrl,
      cancelUrl: typeof cancelUrl === "string" ? cancelUrl : null,
      paramsHash,
      status: "open",
      expiresAt: now + SESSION_TTL_MS,
    };
    this.state.sessions[session.id] = session;
    this.save();
    return { customer_id: customerId, payment_url: this.sessionUrl(session, deps) };
  }

  private sessionUrl(session: CheckoutSession, deps: TestAutumnDeps) {
    return `${deps.pagesUrl}/session?id=${encodeURIComponent(session.id)}`;
  }

  session(id: string): CheckoutSession | null {
    return this.state.sessions[id] ?? null;
  }

  /** Pay on the checkout page: records the purchase once, keeps the card, sends the webhook. */
  async pay(sessionId: string, loseWebhook: boolean, deps: TestAutumnDeps): Promise<CheckoutSession> {
    const session = this.state.sessions[sessionId];
    if (!session) throw new AutumnApiError(404, "not_found", "There is no such checkout.");
    if (session.status === "paid") return session;
    if (session.status === "expired" || session.expiresAt <= Date.now()) {
      throw new AutumnApiError(410, "expired", "This checkout has expired: a newer one was opened, or it was left too long.");
    }
    const customer = this.state.customers[session.customerId];
    session.status = "paid";
    customer.card = "4242";
    if (loseWebhook) this.loseNextWebhook(customer.id);
    await this.purchase(customer, session.planId, deps);
    return session;
  }

  private async purchase(customer: TestCustomer, planId: string, deps: TestAutumnDeps) {
    const product = productByAutumnId(planId);
    const now = Date.now();
    const created: CusProduct = {
      id: `cus_prod_${randomUUID().replace(/-/g, "")}`,
      planId,
      oneOff: product?.kind === "pack",
      status: "active",
      startedAt: now,
      canceledAt: null,
      endedAt: null,
      periodStart: product?.kind === "pack" ? null : now,
      periodEnd: product?.kind === "pack" ? null : now + MONTH,
      quantity: 1,
    };
    customer.products.push(created);
    this.save();
    await this.emit(customer.id, [planChange(null, created)], deps);
  }

  openPortal(customerId: string, returnUrl: string | null, deps: TestAutumnDeps) {
    if (!this.state.customers[customerId]) {
      throw new AutumnApiError(404, "customer_not_found", `Customer ${customerId} not found`);
    }
    const portal: PortalSession = { id: `bps_test_${randomUUID().replace(/-/g, "")}`, customerId, returnUrl };
    this.state.portals[portal.id] = portal;
    this.save();
    return { customer_id: customerId, url: `${deps.pagesUrl}/portal?id=${encodeURIComponent(portal.id)}` };
  }

  portal(id: string): { portal: PortalSession; customer: TestCustomer } | null {
    const portal = this.state.portals[id];
    const customer = portal ? this.state.customers[portal.customerId] : undefined;
    return portal && customer ? { portal, customer } : null;
  }

  /** Cancel at the end of the period (computeCancelUpdates.ts, cancel_end_of_cycle). */
  async cancel(customerId: string, productId: string, deps: TestAutumnDeps) {
    await this.change(customerId, productId, deps, (p) => ({
      ...p,
      canceledAt: Date.now(),
      endedAt: p.periodEnd,
    }));
  }

  /** The period ends now: the subscription expires (as Autumn's cron does at `ended_at`). */
  async end(customerId: string, productId: string, deps: TestAutumnDeps) {
    await this.change(customerId, productId, deps, (p) => ({ ...p, status: "expired", endedAt: Date.now() }));
  }

  setCard(customerId: string, card: Card) {
    const customer = this.state.customers[customerId];
    if (customer) customer.card = card;
    this.save();
  }

  loseNextWebhook(customerId: string) {
    if (!this.state.loseNextWebhook.includes(customerId)) this.state.loseNextWebhook.push(customerId);
    this.save();
  }

  private async change(
    customerId: string,
    productId: string,
    deps: TestAutumnDeps,
    update: (p: CusProduct) => CusProduct,
  ) {
    const customer = this.state.customers[customerId];
    const index = customer?.products.findIndex((p) => p.id === productId && p.status !== "expired") ?? -1;
    if (!customer || index < 0) throw new AutumnApiError(404, "not_found", "There is no such subscription.");
    const before = customer.products[index];
    const after = update(before);
    customer.products[index] = after;
    this.save();
    await this.emit(customerId, [planChange(before, after)], deps);
  }

  private async emit(customerId: string, changes: ReturnType<typeof planChange>[], deps: TestAutumnDeps) {
    const lost = this.state.loseNextWebhook.indexOf(customerId);
    if (lost >= 0) {
      this.state.loseNextWebhook.splice(lost, 1);
      this.save();
      return;
    }
    await deliverWebhook(billingUpdatedPayload(customerId, changes), deps);
  }
}
