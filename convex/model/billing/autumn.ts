import { Autumn, AutumnError } from "autumn-js";
import { proAccessEndsAt } from "./catalogue";

/*
 * The two Autumn calls Helm makes, from actions only: starting a checkout
 * (`billing.attach`) and reading a customer's subscriptions for Pro status.
 */

const client = (secretKey: string) => new Autumn({ secretKey, timeoutMs: 15_000 });

export type AutumnCustomer = { id: string; name?: string; email?: string };

/**
 * Attaches `planId` to the customer and returns where to send them: Autumn's
 * payment URL, or the success URL when no payment step is needed (a saved
 * card was charged straight away).
 */
export async function autumnCheckout(
  secretKey: string,
  args: { customer: AutumnCustomer; planId: string; successUrl: string },
): Promise<string> {
  const autumn = client(secretKey);
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
  });
  return result.paymentUrl ?? args.successUrl;
}

export type ProStatus = { active: boolean; endsAt?: number };

/** Pro status from Autumn's customer record; a customer Autumn doesn't know is free. */
export async function autumnProStatus(
  secretKey: string,
  customerId: string,
  proPlanId: string,
): Promise<ProStatus> {
  let customer;
  try {
    customer = await client(secretKey).customers.get({ customerId });
  } catch (error) {
    if (error instanceof AutumnError && error.statusCode === 404) return { active: false };
    throw error;
  }
  const subscription = customer.subscriptions.find(
    (s) => s.planId === proPlanId && s.status === "active",
  );
  if (!subscription) return { active: false };
  return { active: true, endsAt: proAccessEndsAt(subscription) };
}
