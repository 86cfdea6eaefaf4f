import { useEffect, useState } from "react";

/**
 * True once `flag` has held for `delayMs` without a break; false again as
 * soon as it drops. Timed from when this client saw it, so a skewed clock
 * between browser and server can't make it show early or never.
 */
export function useDelayedFlag(flag: boolean, delayMs: number): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!flag) return;
    const timer = setTimeout(() => setShown(true), delayMs);
    return () => {
      clearTimeout(timer);
      setShown(false);
    };
  }, [flag, delayMs]);
  return flag && shown;
}
