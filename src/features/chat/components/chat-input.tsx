import { ArrowUp, Infinity as InfinityIcon, Square, Zap } from "lucide-react";
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { Switch } from "@/components/ui/switch";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/lib/cn";
import { COMPOSER_ID, COUNTER_FROM, MAX_MESSAGE_LENGTH, MESSAGE_COST } from "../lib/constants";

/** Eight lines of 24px text plus the vertical padding. */
const MAX_TEXTAREA_HEIGHT = 8 * 24 + 16;

export type ChatInputProps = {
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  onStop?: () => void;
  /** A send is in flight. */
  sending?: boolean;
  /** A reply is streaming: the send button becomes Stop. */
  streaming?: boolean;
  unlimited?: boolean;
  includeContext: boolean;
  onIncludeContextChange: (value: boolean) => void;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
  autoFocus?: boolean;
  placeholder?: string;
  /** The model menu, shown first in the row under the text. */
  modelPicker?: ReactNode;
  /** Replaces the "3 credits" chip (a guest's messages left today). */
  cost?: { label: string; hint: string };
  /** The projects-context switch (not for guests). */
  contextToggle?: boolean;
};

export function canSubmit(value: string, busy: boolean): boolean {
  return !busy && value.trim().length > 0 && value.length <= MAX_MESSAGE_LENGTH;
}

/** The message composer: auto-growing textarea, send/stop, cost and context toggle. */
export function ChatInput({
  value,
  onChange,
  onSubmit,
  onStop,
  sending = false,
  streaming = false,
  unlimited = false,
  includeContext,
  onIncludeContextChange,
  textareaRef,
  autoFocus,
  placeholder = "Message Helm…",
  modelPicker,
  cost,
  contextToggle = true,
}: ChatInputProps) {
  const ownRef = useRef<HTMLTextAreaElement | null>(null);
  const innerRef = textareaRef ?? ownRef;
  const composing = useRef(false);
  const tooLong = value.length > MAX_MESSAGE_LENGTH;
  const ready = canSubmit(value, sending || streaming);

  // An effect rather than the autoFocus attribute: it also works when the page
  // arrives through a lazy route after a client-side navigation.
  useEffect(() => {
    if (autoFocus) innerRef.current?.focus();
  }, [autoFocus, innerRef]);

  // Grow with the content up to ~8 lines, then scroll inside the box.
  useLayoutEffect(() => {
    const el = innerRef.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, MAX_TEXTAREA_HEIGHT)}px`;
    el.style.overflowY = el.scrollHeight > MAX_TEXTAREA_HEIGHT ? "auto" : "hidden";
  }, [value, innerRef]);

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== "Enter" || event.shiftKey) return;
    // While an IME is composing (e.g. Japanese), Enter confirms the candidate; it must not send.
    // Safari reports the confirming keydown with keyCode 229 after compositionend.
    if (event.nativeEvent.isComposing || composing.current || event.keyCode === 229) return;
    event.preventDefault();
    if (ready) onSubmit();
  }

  return (
    <div
      className={cn(
        "rounded-2xl border bg-white shadow-[0_1px_2px_rgba(15,23,42,0.04),0_4px_16px_-4px_rgba(15,23,42,0.08)] transition-colors",
        "focus-within:border-slate-300 focus-within:ring-4 focus-within:ring-slate-100",
        tooLong ? "border-red-300" : "border-slate-200",
      )}
    >
      <label htmlFor={COMPOSER_ID} className="sr-only">
        Message
      </label>
      <textarea
        id={COMPOSER_ID}
        ref={innerRef}
        rows={1}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={handleKeyDown}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={() => (composing.current = false)}
        aria-invalid={tooLong || undefined}
        aria-describedby="chat-input-meta"
        className="block max-h-[208px] w-full resize-none bg-transparent px-4 pt-3.5 pb-2 text-[15px] leading-6 text-slate-900 placeholder:text-slate-400 focus:outline-none"
      />
      <div
        id="chat-input-meta"
        className={cn("flex items-center gap-2 px-2.5 pb-2.5", modelPicker ? "flex-wrap gap-y-1 pl-2 sm:flex-nowrap" : "pl-4")}
      >
        {/* Phones: the model gets a line of its own, so neither it nor the toggle is cut short. */}
        {modelPicker && <div className="flex w-full min-w-0 sm:w-auto">{modelPicker}</div>}
        {contextToggle && (
          <Switch
            checked={includeContext}
            onCheckedChange={onIncludeContextChange}
            label={
              <>
                <span className="sm:hidden">Projects & tasks</span>
                <span className="hidden sm:inline">Include my projects & tasks</span>
              </>
            }
          />
        )}
        <div className="ml-auto flex items-center gap-2">
          {value.length >= COUNTER_FROM && (
            <span
              data-testid="char-counter"
              className={cn("text-xs tabular-nums", tooLong ? "font-medium text-red-600" : "text-slate-500")}
            >
              {value.length.toLocaleString("en-US")} / {MAX_MESSAGE_LENGTH.toLocaleString("en-US")}
            </span>
          )}
          <Tooltip content={cost?.hint ?? (unlimited ? "Pro: messages don't use credits" : "Each message uses 3 credits")}>
            <span
              data-testid="message-cost"
              tabIndex={0}
              className="inline-flex items-center gap-1 rounded-md px-1.5 py-1 text-xs font-medium text-slate-500 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
            >
              {unlimited ? <InfinityIcon className="size-3.5" aria-hidden /> : <Zap className="size-3.5" aria-hidden />}
              {cost?.label ?? (unlimited ? "Unlimited" : `${MESSAGE_COST} credits`)}
            </span>
          </Tooltip>
          {streaming ? (
            <button
              type="button"
              onClick={onStop}
              aria-label="Stop generating"
              className="grid size-11 place-items-center rounded-full bg-slate-900 text-white transition-colors hover:bg-slate-700 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2 sm:size-9"
            >
              <Square className="size-3.5 fill-current" aria-hidden />
            </button>
          ) : (
            <button
              type="button"
              onClick={onSubmit}
              disabled={!ready}
              aria-label="Send message"
              className={cn(
                "grid size-11 place-items-center rounded-full transition-colors sm:size-9",
                "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2",
                ready ? "bg-blue-600 text-white hover:bg-blue-700" : "cursor-not-allowed bg-slate-100 text-slate-400",
                sending && "animate-pulse",
              )}
            >
              <ArrowUp className="size-[18px]" strokeWidth={2.5} aria-hidden />
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
