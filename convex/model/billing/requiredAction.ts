/*
 * What to tell a user when `billing.attach` answers with `required_action`
 * and no payment page (useautumn/autumn shared/api/billing/common/
 * billingResponse.ts: 3ds_required, payment_method_required, payment_failed,
 * payment_processing). Autumn's `reason` is a processor message, shown only
 * as a detail; the advice is Helm's.
 */

const ADVICE: Record<string, string> = {
  "3ds_required":
    "Your bank needs you to confirm this payment, which can't be done from here. Open Manage billing to confirm or change your card, then try again.",
  payment_method_required: "There's no card on file. Add one in Manage billing, then try again.",
  payment_failed: "Your card was declined. Change your card in Manage billing, then try again.",
  payment_processing:
    "Your payment is still processing. You don't need to pay again: it appears in your balance once it clears.",
};

export function requiredActionMessage(code: string, reason: string): string {
  const advice = ADVICE[code] ?? "The payment couldn't be completed. Check your card in Manage billing, then try again.";
  const detail = reason.trim() ? ` (${reason.trim().replace(/\.$/, "")}.)` : "";
  return `${advice}${detail}`;
}
