import { useCallback, useEffect, useRef, useState } from "react";

/** How close to the bottom still counts as "following" the conversation. */
const NEAR_BOTTOM_PX = 64;

/**
 * Keeps a scroll container pinned to its bottom while content grows, until the
 * user scrolls up; then reports `atBottom = false` so a "jump to latest" can show.
 * Growth is observed with a ResizeObserver, so streaming text, lazy Markdown and
 * new messages are all followed without per-message wiring.
 */
export function useStickToBottom() {
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const contentRef = useRef<HTMLDivElement | null>(null);
  const sticking = useRef(true);
  const lastTop = useRef(0);
  const [atBottom, setAtBottom] = useState(true);

  const scrollToBottom = useCallback((behavior: ScrollBehavior = "auto") => {
    const el = scrollRef.current;
    if (!el) return;
    sticking.current = true;
    setAtBottom(true);
    el.scrollTo({ top: el.scrollHeight, behavior });
  }, []);

  useEffect(() => {
    const el = scrollRef.current;
    const content = contentRef.current;
    if (!el || !content) return;
    const onScroll = () => {
      const distance = el.scrollHeight - el.scrollTop - el.clientHeight;
      // Only a move upwards by the user detaches; content growth never changes scrollTop.
      if (distance <= NEAR_BOTTOM_PX) sticking.current = true;
      else if (el.scrollTop < lastTop.current) sticking.current = false;
      lastTop.current = el.scrollTop;
      setAtBottom(sticking.current || distance <= NEAR_BOTTOM_PX);
    };
    const observer = new ResizeObserver(() => {
      if (sticking.current) el.scrollTop = el.scrollHeight;
      else setAtBottom(el.scrollHeight - el.scrollTop - el.clientHeight <= NEAR_BOTTOM_PX);
    });
    observer.observe(content);
    el.addEventListener("scroll", onScroll, { passive: true });
    el.scrollTop = el.scrollHeight;
    return () => {
      observer.disconnect();
      el.removeEventListener("scroll", onScroll);
    };
  }, []);

  return { scrollRef, contentRef, atBottom, scrollToBottom, isSticking: () => sticking.current };
}
