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

/** Autumn couldn't take the payment and there is no page for it: what to tell the user. */
export type ActionRequired = { code: string; message: string };

/**
 * Starts a checkout and leaves the app for the payment page (or the return
 * page, when a card on file was charged). `pending` stays set after success
 * too, because the page is about to unload. When the payment needs the user
 * (3-D Secure, a declined card…) `actionRequired` says what to do instead.
 */
export function useCheckout() {
  const startCheckout = useAction(api.billing.checkout.start);
  const [pending, setPending] = useState<ProductKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [actionRequired, setActionRequired] = useState<ActionRequired | null>(null);

  const start = useCallback(
    /** `returnTo`: the app page to offer going back to after paying (or cancelling). */
    async (product: ProductKey, returnTo: string | null = null) => {
      setPending(product);
      setError(null);
      setActionRequired(null);
      try {
        const origin = window.location.origin;
        const result = await startCheckout({
          product,
          successUrl: withReturnTo(`${origin}${CHECKOUT_RETURN_PATH}`, returnTo),
          cancelUrl: withReturnTo(`${origin}${CHECKOUT_CANCEL_PATH}`, returnTo),
        });
        if (result.kind === "redirect") {
          redirectTo.assign(result.url);
          return;
        }
        setActionRequired({ code: result.code, message: result.message });
      } catch (e) {
        setError(errorMessage(e));
      }
      setPending(null);
    },
    [startCheckout],
  );

  const reset = useCallback(() => {
    setError(null);
    setActionRequired(null);
  }, []);
  return { start, pending, error, actionRequired, reset };
}
