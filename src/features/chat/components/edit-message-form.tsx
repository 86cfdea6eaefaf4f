import { useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { MAX_MESSAGE_LENGTH, MESSAGE_COST } from "../lib/constants";

type Props = {
  initial: string;
  onCancel: () => void;
  /** Resolves true once the edit was sent (the form then closes). */
  onSubmit: (text: string) => Promise<boolean>;
  unlimited?: boolean;
};

/**
 * A sent message being edited in place. Sending it starts a new version of
 * the message and a new reply; the earlier one stays as version 1.
 * Ctrl/⌘+Enter sends, Escape cancels.
 */
export function EditMessageForm({ initial, onCancel, onSubmit, unlimited }: Props) {
  const [text, setText] = useState(initial);
  const [sending, setSending] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const trimmed = text.trim();
  const ready = trimmed !== "" && trimmed.length <= MAX_MESSAGE_LENGTH && !sending;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 320)}px`;
  }, [text]);

  useLayoutEffect(() => {
    const el = ref.current;
    el?.focus();
    el?.setSelectionRange(el.value.length, el.value.length);
  }, []);

  async function submit() {
    if (!ready) return;
    setSending(true);
    const sent = await onSubmit(trimmed);
    setSending(false);
    if (sent) onCancel();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form
      data-testid="edit-message-form"
      className="ml-auto w-full max-w-[85%] rounded-3xl border border-slate-200 bg-white p-3 shadow-sm sm:max-w-[75%]"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <textarea
        ref={ref}
        aria-label="Edit message"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        rows={1}
        className="block w-full resize-none bg-transparent px-1 text-[15px] leading-6 text-slate-900 focus:outline-none"
      />
      <div className="mt-2 flex flex-wrap items-center justify-end gap-2">
        <span className="mr-auto hidden px-1 text-xs text-slate-500 pointer-fine:inline">⌘/Ctrl + Enter to send · Esc to cancel</span>
        <Button variant="secondary" size="sm" onClick={onCancel} disabled={sending}>
          Cancel
        </Button>
        <Button type="submit" variant="accent" size="sm" disabled={!ready}>
          {sending ? "Sending…" : unlimited ? "Send" : `Send · ${MESSAGE_COST} credits`}
        </Button>
      </div>
    </form>
  );
}
