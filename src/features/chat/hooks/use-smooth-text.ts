import { useEffect, useRef, useState } from "react";

/** How far behind the server text the reveal may lag before it speeds up. */
const CATCH_UP_MS = 120;

/**
 * Reveals streamed text a few characters per frame so chunks that arrive in
 * bursts (every ~50 ms) read as a steady flow. Text that was already complete
 * when first rendered (history) is shown at once.
 */
export function useSmoothText(text: string, streaming: boolean): string {
  const [animate, setAnimate] = useState(streaming);
  // A reply that starts streaming later (a retry) animates from then on.
  if (streaming && !animate) setAnimate(true);
  const [shown, setShown] = useState(() => (streaming ? 0 : text.length));
  const shownRef = useRef(shown);

  useEffect(() => {
    if (!animate) return;
    let frame = 0;
    let last = performance.now();
    const tick = (now: number) => {
      const behind = text.length - shownRef.current;
      if (behind <= 0) {
        // Text can shrink (retry replaces a failed reply): follow it down at once.
        if (behind < 0) setShown((shownRef.current = text.length));
        return;
      }
      const step = Math.max(1, Math.ceil((behind * (now - last)) / CATCH_UP_MS));
      last = now;
      shownRef.current = Math.min(text.length, shownRef.current + step);
      setShown(shownRef.current);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [animate, text]);

  return animate ? text.slice(0, shown) : text;
}
