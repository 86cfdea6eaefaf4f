import { useDelayedFlag } from "@/lib/use-delayed-flag";

/** How long a queued reply shows plain dots before saying why it waits. */
export const QUEUED_NOTICE_MS = 3000;

/**
 * Three pulsing dots while the model hasn't sent its first word. A reply
 * whose model call is still waiting for a free slot says so after a few
 * seconds, so a busy moment doesn't look like a hang.
 */
export function TypingIndicator({ queued = false, thinking = false }: { queued?: boolean; thinking?: boolean }) {
  const explain = useDelayedFlag(queued, QUEUED_NOTICE_MS);
  // A reasoning model thinks before its first word: say so rather than look stuck.
  const thinkingNow = thinking && !explain && !queued;
  return (
    <span
      role="status"
      aria-label={explain ? "Waiting for a free slot" : thinkingNow ? "Helm is thinking" : "Helm is typing"}
      className="inline-flex h-6 items-center gap-2"
    >
      <span className="inline-flex items-center gap-1" aria-hidden>
        {[0, 150, 300].map((delay) => (
          <span
            key={delay}
            className="size-1.5 rounded-full bg-slate-500"
            style={{ animation: `typing-dot 1.2s ease-in-out ${delay}ms infinite` }}
          />
        ))}
      </span>
      {thinkingNow && (
        <span data-testid="thinking-notice" className="text-sm text-slate-600">
          Thinking…
        </span>
      )}
      {explain && (
        <span data-testid="queued-notice" className="text-sm text-slate-600">
          Waiting for a free slot…
        </span>
      )}
    </span>
  );
}
