import { useAction } from "convex/react";
import { useCallback, useState } from "react";
import { errorMessage } from "@/lib/errors";
import { withReturnTo } from "@/lib/return-to";
import { api } from "../../../../convex/_generated/api";
import type { ProductKey } from "../lib/pricing";

export const CHECKOUT_RETURN_PATH = "/billing/return";
export const CHECKOUT_CANCEL_PATH = "/pricing?checkout=cancelled";

/** Sends the browser to the payment page. A seam so tests can observe it. */
export const redirectTo = {
  assign: (url: string) => window.location.assign(url),
};

/**
 * Starts a checkout and leaves the app for the payment page. `pending` stays
 * set after success too, because the page is about to unload.
 */
export function useCheckout() {
  const startCheckout = useAction(api.billing.checkout.start);
  const [pending, setPending] = useState<ProductKey | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = useCallback(
    /** `returnTo`: the app page to offer going back to after paying (or cancelling). */
    async (product: ProductKey, returnTo: string | null = null) => {
      setPending(product);
      setError(null);
      try {
        const origin = window.location.origin;
        const { url } = await startCheckout({
          product,
          successUrl: withReturnTo(`${origin}${CHECKOUT_RETURN_PATH}`, returnTo),
          cancelUrl: withReturnTo(`${origin}${CHECKOUT_CANCEL_PATH}`, returnTo),
        });
        redirectTo.assign(url);
      } catch (e) {
        setError(errorMessage(e));
        setPending(null);
      }
    },
    [startCheckout],
  );

  const reset = useCallback(() => setError(null), []);
  return { start, pending, error, reset };
}
