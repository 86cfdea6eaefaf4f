import { useEffect } from "react";
import { useLocation, useSearchParams } from "react-router";
import { RETURN_TO_PARAM, returnLabel, safeReturnPath } from "@/lib/return-to";

/** The page a purchase started from (`?returnTo=`), with what to call the way back; null if none. */
export function useReturnTo(): { to: string; label: string } | null {
  const [params] = useSearchParams();
  const to = safeReturnPath(params.get(RETURN_TO_PARAM));
  return to ? { to, label: returnLabel(to) } : null;
}

/**
 * Arriving at /pricing#packs (from "Buy more"), the packs are what the user
 * came for: scroll them into view and put focus on their heading, which on a
 * phone is a screen and a half down.
 */
export function useFocusPacks(ready: boolean, headingId: string) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || hash !== "#packs") return;
    const heading = document.getElementById(headingId);
    heading?.scrollIntoView({ block: "start" });
    heading?.focus({ preventScroll: true });
  }, [ready, hash, headingId]);
}
