import { useEffect, useRef, useState } from "react";

/** How far behind the server text the reveal may lag before it speeds up… */
const CATCH_UP_MS = 120;
/**
 * …or, when text arrives in larger, sparser updates, about the time between
 * them, capped at the longest a live-text group waits (GROUP_MAX_MS in
 * convex/model/chat/liveText.ts), so a slow stream reads as a steady flow.
 */
const MAX_CATCH_UP_MS = 1500;

/**
 * Reveals streamed text a few characters per frame so text that arrives in
 * bursts (live text comes a few times a second) reads as a steady flow: each
 * update is spread over about the time the previous one took to arrive. Text
 * that was already complete when first rendered (history) is shown at once.
 */
export function useSmoothText(text: string, streaming: boolean): string {
  const [animate, setAnimate] = useState(streaming);
  // A reply that starts streaming later (a retry) animates from then on.
  if (streaming && !animate) setAnimate(true);
  const [shown, setShown] = useState(() => (streaming ? 0 : text.length));
  const shownRef = useRef(shown);
  // The pace: a running estimate of the time between text updates.
  const arrival = useRef<{ at: number; length: number; gap: number }>({ at: 0, length: 0, gap: CATCH_UP_MS });

  useEffect(() => {
    if (!animate) return;
    const arrived = performance.now();
    const { at, gap } = arrival.current;
    if (text.length > arrival.current.length && at !== 0) {
      const measured = Math.min(MAX_CATCH_UP_MS, Math.max(CATCH_UP_MS, arrived - at));
      arrival.current = { at: arrived, length: text.length, gap: (gap + measured) / 2 };
    } else {
      arrival.current = { at: arrived, length: text.length, gap };
    }
    let frame = 0;
    let last = performance.now();
    const tick = (now: number) => {
      const behind = text.length - shownRef.current;
      if (behind <= 0) {
        // Text can shrink (retry replaces a failed reply): follow it down at once.
        if (behind < 0) setShown((shownRef.current = text.length));
        return;
      }
      const step = Math.max(1, Math.ceil((behind * (now - last)) / arrival.current.gap));
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
