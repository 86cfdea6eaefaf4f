import { useEffect, useRef } from "react";
import { useSearchParams } from "react-router";
import type { ChatMessage } from "../lib/types";
import { MESSAGE_PARAM } from "../lib/archived-view";

/** Older pages a search result may need loaded before its message shows: 40 × 30 messages. */
const MAX_PAGES = 40;
const HIGHLIGHT_MS = 2400;

/**
 * Opens the chat at the message named by `?message=` (a search result):
 * loads older pages until it is there, scrolls it to the middle of the view
 * and highlights it briefly, then drops the parameter so a reload or a new
 * reply does not jump back to it.
 */
export function useScrollToMessage({
  messages,
  loading,
  canLoadOlder,
  loadingOlder,
  loadOlder,
}: {
  messages: ChatMessage[];
  loading: boolean;
  canLoadOlder: boolean;
  loadingOlder: boolean;
  loadOlder: () => void;
}) {
  const [params, setParams] = useSearchParams();
  const target = params.get(MESSAGE_PARAM);
  const pagesLoaded = useRef(0);
  const present = target !== null && messages.some((m) => m._id === target);

  useEffect(() => {
    if (!target || loading || present || loadingOlder) return;
    if (canLoadOlder && pagesLoaded.current < MAX_PAGES) {
      pagesLoaded.current += 1;
      loadOlder();
    }
  }, [target, loading, present, canLoadOlder, loadingOlder, loadOlder]);

  useEffect(() => {
    if (!target || !present) return;
    const frame = requestAnimationFrame(() => {
      const element = document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(target)}"]`);
      if (!element) return;
      element.scrollIntoView({ block: "center" });
      // Tell the list at once that the reader moved up, before a reply still streaming pulls it back down.
      element.closest('[data-testid="message-scroller"]')?.dispatchEvent(new Event("scroll"));
      element.dataset.highlighted = "true";
      setTimeout(() => delete element.dataset.highlighted, HIGHLIGHT_MS);
      setParams(
        (next) => {
          next.delete(MESSAGE_PARAM);
          return next;
        },
        { replace: true },
      );
    });
    return () => cancelAnimationFrame(frame);
  }, [target, present, setParams]);
}
