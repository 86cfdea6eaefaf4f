import { afterEach, beforeEach, vi } from "vitest";
import { apiCustomer, attachWithPaymentUrl, customerPortal } from "./autumnFixtures.testing";

/*
 * A stand-in for api.useautumn.com behind the real autumn-js client: `fetch`
 * is stubbed and answers the calls Helm makes with the fixtures
 * (autumnFixtures.testing.ts), from state the test controls.
 */

export type FakeAutumnState = {
  subscriptions: unknown[];
  purchases: unknown[];
  /** What billing.attach answers (default: a payment page). */
  attach?: (body: Record<string, unknown>) => unknown;
  /** Autumn unreachable: every call answers 503. */
  down?: boolean;
};

export type FakeAutumnCall = { url: string; path: string; body: Record<string, unknown>; auth: string | null };

export function fakeAutumn(state: FakeAutumnState = { subscriptions: [], purchases: [] }) {
  const calls: FakeAutumnCall[] = [];
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    // The operation, whichever server autumn-js was pointed at (Autumn's, or the offline one).
    const path = new URL(request.url).pathname.replace(/^.*(?=\/v1\/)/, "");
    const body = JSON.parse((await request.text()) || "{}") as Record<string, unknown>;
    calls.push({ url: request.url, path, body, auth: request.headers.get("authorization") });
    if (state.down) return Response.json({ message: "unavailable", code: "internal_error" }, { status: 503 });
    const customerId = String(body.customer_id ?? "");
    switch (path) {
      case "/v1/customers.get":
      case "/v1/customers.get_or_create":
        return Response.json(apiCustomer(customerId, state));
      case "/v1/billing.attach":
        return Response.json(
          state.attach ? state.attach(body) : attachWithPaymentUrl(customerId, "https://checkout.stripe.test/c/cs_1"),
        );
      case "/v1/billing.open_customer_portal":
        return Response.json(customerPortal(customerId, "https://billing.stripe.test/p/session_1"));
      default:
        return Response.json({ message: "not found", code: "not_found" }, { status: 404 });
    }
  });
  return { state, calls, callsTo: (path: string) => calls.filter((c) => c.path === path) };
}

/**
 * For a billing test file: before each test, Date frozen at `now`, Helm's
 * Autumn keys set (webhook secret `webhookSecret`) and a fresh fake Autumn;
 * after it, all undone. Returns a holder whose `account` is the current fake.
 */
export function useFakeAutumn(now: number, webhookSecret: string) {
  const holder = { account: undefined as unknown as ReturnType<typeof fakeAutumn> };
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now);
    vi.stubEnv("AUTUMN_SECRET_KEY", "am_sk_test_helm");
    vi.stubEnv("AUTUMN_WEBHOOK_SECRET", webhookSecret);
    holder.account = fakeAutumn();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });
  return holder;
}
