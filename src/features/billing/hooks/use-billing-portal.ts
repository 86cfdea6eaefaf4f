import { useAction } from "convex/react";
import { useCallback, useState } from "react";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import { redirectTo } from "./use-checkout";

/** Where the customer portal sends the browser back to. */
export const PORTAL_RETURN_PATH = "/pricing";

/**
 * Opens Autumn's customer portal (cancel Pro, change the card). `opening`
 * stays set after success, because the page is about to unload.
 */
export function useBillingPortal() {
  const openPortal = useAction(api.billing.plan.portal);
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = useCallback(async () => {
    setOpening(true);
    setError(null);
    try {
      const { url } = await openPortal({ returnUrl: `${window.location.origin}${PORTAL_RETURN_PATH}` });
      redirectTo.assign(url);
    } catch (e) {
      setError(errorMessage(e));
      setOpening(false);
    }
  }, [openPortal]);
  return { open, opening, error };
}
