import { ArrowDown } from "lucide-react";
import { memo, useEffect, useLayoutEffect, useRef, type ReactNode } from "react";
import { Spinner } from "@/components/ui/spinner";
import { useStickToBottom } from "../hooks/use-stick-to-bottom";
import type { ChatMessage } from "../lib/types";
import { MessageBubble } from "./message-bubble";

type Props = {
  /** Oldest first. */
  messages: ChatMessage[];
  canLoadOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  /** Unset in a read-only (archived) chat: failed replies show no Retry. */
  onRetry?: (messageId: ChatMessage["_id"]) => void;
  retryingId?: string | null;
  /** Rendered after the last message (e.g. a pending send). */
  footer?: ReactNode;
  /** Changes when the user sends, so the view jumps back to the bottom. */
  followKey?: unknown;
};

/** The scrolling conversation: follows new text, loads older pages at the top. */
export function MessageList({
  messages,
  canLoadOlder,
  loadingOlder,
  onLoadOlder,
  onRetry,
  retryingId,
  footer,
  followKey,
}: Props) {
  const { scrollRef, contentRef, atBottom, scrollToBottom, isSticking } = useStickToBottom();
  const topRef = useRef<HTMLDivElement>(null);
  const heightBeforeLoad = useRef<number | null>(null);

  useEffect(() => {
    scrollToBottom();
  }, [followKey, scrollToBottom]);

  // Fetch older messages when the top sentinel scrolls into view.
  useEffect(() => {
    const el = topRef.current;
    const root = scrollRef.current;
    if (!el || !root || !canLoadOlder) return;
    const observer = new IntersectionObserver(
      ([entry]) => {
        if (!entry.isIntersecting || loadingOlder || isSticking()) return;
        heightBeforeLoad.current = root.scrollHeight;
        onLoadOlder();
      },
      { root, rootMargin: "200px 0px 0px 0px" },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [canLoadOlder, loadingOlder, onLoadOlder, scrollRef, isSticking]);

  // Keep the reader's place when older messages are prepended above.
  const firstId = messages[0]?._id;
  useLayoutEffect(() => {
    const root = scrollRef.current;
    if (!root || heightBeforeLoad.current === null) return;
    root.scrollTop += root.scrollHeight - heightBeforeLoad.current;
    heightBeforeLoad.current = null;
  }, [firstId, scrollRef]);

  const lastAssistant = [...messages].reverse().find((m) => m.role === "assistant");

  return (
    <div className="relative min-h-0 flex-1">
      <div ref={scrollRef} className="h-full overflow-y-auto overscroll-contain" data-testid="message-scroller">
        <div
          ref={contentRef}
          role="log"
          aria-label="Conversation"
          aria-live="polite"
          aria-busy={lastAssistant?.status === "streaming"}
          className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 pb-6 pt-6 sm:px-6"
        >
          <div ref={topRef} aria-hidden className="h-px" />
          {loadingOlder && (
            <div className="flex justify-center text-slate-400">
              <Spinner label="Loading earlier messages" />
            </div>
          )}
          {messages.map((message, i) => (
            <MessageRow
              key={message._id}
              message={message}
              isLast={i === messages.length - 1}
              // A message's versions follow the same message: the row's place in the chat.
              slot={messages[i - 1]?._id ?? "first"}
              retrying={retryingId === message._id}
              // Only a failed reply takes the callback, so the others never re-render for it.
              onRetry={message.status === "error" ? onRetry : undefined}
            />
          ))}
          {footer}
        </div>
      </div>
      {!atBottom && (
        <button
          type="button"
          onClick={() => scrollToBottom("smooth")}
          className="absolute bottom-4 left-1/2 inline-flex h-9 -translate-x-1/2 items-center gap-1.5 rounded-full border border-slate-200 bg-white px-3.5 text-[13px] font-medium text-slate-700 shadow-lg shadow-black/10 transition hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 animate-fade-in"
        >
          <ArrowDown className="size-4" aria-hidden /> Jump to latest
        </button>
      )}
    </div>
  );
}

type RowProps = {
  message: ChatMessage;
  retrying: boolean;
  isLast: boolean;
  slot: string;
  onRetry?: (messageId: ChatMessage["_id"]) => void;
};

/**
 * One message, re-rendered only when it changed: the list hands unchanged
 * messages over as the same objects, so a settled reply renders (and parses
 * its Markdown) once, whatever happens to the rest of the conversation.
 */
const MessageRow = memo(function MessageRow({ message, retrying, isLast, slot, onRetry }: RowProps) {
  return (
    // The anchor a search result scrolls to and briefly highlights (use-scroll-to-message.ts).
    <div data-message-id={message._id} className="rounded-2xl outline-0 outline-amber-100 transition-[background-color,outline-color] duration-700 data-[highlighted]:bg-amber-100 data-[highlighted]:outline-8 data-[highlighted]:outline-solid dark:outline-amber-400/20 dark:data-[highlighted]:bg-amber-400/20">
      <MessageBubble
        message={message}
        isLast={isLast}
        slot={slot}
        retrying={retrying}
        onRetry={onRetry ? () => onRetry(message._id) : undefined}
      />
    </div>
  );
});
