import { Autumn, AutumnError } from "autumn-js";
import { billingConfig } from "../config";

/*
 * Every Autumn call Helm makes, from actions only, through `autumn-js`:
 * starting a checkout (`billing.attach`), reading a customer
 * (`customers.get`: subscriptions and purchases) and opening the customer
 * portal (`billing.open_customer_portal`). In test mode the same client talks
 * to the offline backend's stand-in for Autumn (offline/autumn/), so both
 * modes run this code and the SDK's own response validation.
 */

export class BillingNotConfigured extends Error {}

function client(): Autumn {
  const config = billingConfig();
  if (config.mode === "test" && !config.serverURL) {
    throw new BillingNotConfigured("Billing isn't set up on this server (no Autumn key and no test checkout).");
  }
  return new Autumn({ secretKey: config.secretKey, serverURL: config.serverURL, timeoutMs: 15_000 });
}

export type AutumnCustomer = { id: string; name?: string; email?: string };

/** The codes Autumn's attach answers in `required_action` (autumn-js `AttachCode`). */
export type RequiredActionCode = "3ds_required" | "payment_method_required" | "payment_failed" | "payment_processing";

export type AttachOutcome =
  /** Send the browser here: Autumn's (Stripe's) payment page or a hosted invoice. */
  | { kind: "redirect"; url: string }
  /** Charged straight away (a card on file); the purchase is on its way. */
  | { kind: "charged" }
  /** Autumn couldn't take the payment and there is no page to send the user to. */
  | { kind: "actionRequired"; code: string; reason: string };

/**
 * Attaches `planId` to the customer. With a card on file Autumn charges it
 * directly and answers `payment_url: null`; when that charge needs the
 * customer (3-D Secure, a declined or missing card) it adds `required_action`,
 * and there may be no page at all to send them to.
 */
export async function autumnAttach(args: {
  customer: AutumnCustomer;
  planId: string;
  successUrl: string;
  cancelUrl: string;
}): Promise<AttachOutcome> {
  const autumn = client();
  // attach needs the customer to exist; getOrCreate also keeps name/email current.
  await autumn.customers.getOrCreate({
    customerId: args.customer.id,
    name: args.customer.name,
    email: args.customer.email,
  });
  const result = await autumn.billing.attach({
    customerId: args.customer.id,
    planId: args.planId,
    successUrl: args.successUrl,
    // Passed on to the Stripe checkout session, so its back link returns to Helm.
    checkoutSessionParams: { cancel_url: args.cancelUrl },
  });
  if (result.paymentUrl) return { kind: "redirect", url: result.paymentUrl };
  if (result.requiredAction) {
    return { kind: "actionRequired", code: result.requiredAction.code, reason: result.requiredAction.reason };
  }
  return { kind: "charged" };
}

/** The parts of Autumn's customer record Helm mirrors. */
export type CustomerSnapshot = {
  subscriptions: Array<{
    planId: string;
    status: string;
    pastDue: boolean;
    canceledAt: number | null;
    expiresAt: number | null;
    currentPeriodEnd: number | null;
  }>;
  purchases: Array<{ planId: string; startedAt: number; quantity: number; expiresAt: number | null }>;
};

/** The customer's subscriptions and purchases; a customer Autumn doesn't know has none. */
export async function autumnCustomer(customerId: string): Promise<CustomerSnapshot> {
  let customer;
  try {
    customer = await client().customers.get({ customerId });
  } catch (error) {
    if (error instanceof AutumnError && error.statusCode === 404) return { subscriptions: [], purchases: [] };
    throw error;
  }
  return {
    subscriptions: customer.subscriptions.map((s) => ({
      planId: s.planId,
      status: s.status,
      pastDue: s.pastDue,
      canceledAt: s.canceledAt,
      expiresAt: s.expiresAt,
      currentPeriodEnd: s.currentPeriodEnd,
    })),
    purchases: customer.purchases.map((p) => ({
      planId: p.planId,
      startedAt: p.startedAt,
      quantity: p.quantity,
      expiresAt: p.expiresAt,
    })),
  };
}

/** A customer-portal session (cancel Pro, change the card), returning to `returnUrl`. */
export async function autumnCustomerPortal(customerId: string, returnUrl: string): Promise<string> {
  const result = await client().billing.openCustomerPortal({ customerId, returnUrl });
  return result.url;
}
