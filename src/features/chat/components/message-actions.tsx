import { ChevronLeft, ChevronRight, Copy, Ellipsis, Pencil, RefreshCw, StepForward } from "lucide-react";
import { useContext, useLayoutEffect, useRef, useState, type MouseEvent, type ReactNode } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/lib/cn";
import { useViewer } from "@/lib/viewer";
import { ChatReplyingContext, useMessageActionsContext, type VersionButton } from "../hooks/use-message-actions";
import { isOptimisticId } from "../lib/optimistic";
import type { ChatMessage } from "../lib/types";

type Props = {
  message: Pick<ChatMessage, "_id" | "role" | "content" | "status" | "version">;
  /** The newest message: its reply can be regenerated or continued, and its actions always show. */
  isLast: boolean;
  /** Opens the inline editor (user messages). */
  onEdit?: () => void;
  /** The message's place in the chat, shared by its versions (the id of the message before it). */
  slot?: string;
};

type Action = { key: string; label: string; icon: ReactNode; run: () => void; waits?: boolean };

const WAIT_FOR_REPLY = "Wait for the reply to finish";

/**
 * What can be done with a message: copy it as Markdown, edit a sent one,
 * regenerate or continue the last reply, and flip through its versions.
 * With a mouse the buttons appear on hover (and on keyboard focus); on a
 * touch screen one "More actions" button opens them as a menu. Versions
 * ("‹ 2 / 3 ›") always show.
 */
export function MessageActions({ message, isLast, onEdit, slot = "first" }: Props) {
  const actions = useMessageActionsContext();
  // Versions (edit, regenerate, continue) are for accounts; a guest can copy.
  const viewer = useViewer();
  const member = viewer.kind === "user" && !actions?.readOnly;
  const [busy, setBusy] = useState(false);
  const replying = useContext(ChatReplyingContext);
  if (!actions || message.status === "streaming" || isOptimisticId(message._id)) return null;

  const run = (work: () => Promise<unknown>) => async () => {
    if (busy) return;
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };
  const reply = message.role === "assistant";
  const list: Action[] = [];
  if (message.content) {
    list.push({
      key: "copy",
      label: reply ? "Copy reply" : "Copy message",
      icon: <Copy aria-hidden />,
      run: () => void actions.copy(message.content),
    });
  }
  if (member && !reply && onEdit) {
    list.push({ key: "edit", label: "Edit message", icon: <Pencil aria-hidden />, run: onEdit, waits: replying });
  }
  if (member && reply && isLast && message.status === "stopped" && message.content.trim()) {
    list.push({
      key: "continue",
      label: "Continue reply",
      icon: <StepForward aria-hidden />,
      run: () => void run(() => actions.continueReply(message._id))(),
    });
  }
  if (member && reply && isLast && message.status !== "error") {
    list.push({
      key: "regenerate",
      label: "Regenerate reply",
      icon: <RefreshCw aria-hidden />,
      run: () => void run(() => actions.regenerate(message._id))(),
    });
  }
  if (list.length === 0 && !message.version) return null;

  return (
    <div
      data-testid="message-actions"
      className={cn("flex items-center gap-0.5 text-slate-500", reply ? "pl-1" : "justify-end")}
    >
      {message.version && (
        <VersionSwitcher
          version={message.version}
          busy={busy}
          waiting={replying}
          claimFocus={() => actions.takeFocus(slot)}
          onShow={(version, focused) => {
            if (focused) actions.handOffFocus(slot, focused);
            void run(() => actions.showVersion(message._id, version))();
          }}
        />
      )}
      <div
        role="toolbar"
        aria-label={reply ? "Reply actions" : "Message actions"}
        className={cn(
          "flex items-center gap-0.5 transition-opacity pointer-coarse:hidden",
          !isLast && "opacity-0 group-hover/message:opacity-100 focus-within:opacity-100",
        )}
      >
        {list.map((action) => {
          // aria-disabled, not disabled: the button keeps keyboard focus while it can't be used.
          const off = (busy && action.key !== "copy") || action.waits;
          return (
            <Tooltip key={action.key} content={action.waits ? WAIT_FOR_REPLY : action.label}>
              <button
                type="button"
                aria-label={action.label}
                aria-disabled={off || undefined}
                onClick={off ? undefined : action.run}
                className={iconButton}
              >
                {action.icon}
              </button>
            </Tooltip>
          );
        })}
      </div>
      {list.length > 0 && (
        <DropdownMenu>
          <DropdownMenuTrigger
            aria-label={reply ? "More actions for this reply" : "More actions for this message"}
            disabled={busy}
            className={cn(iconButton, "hidden size-11 pointer-coarse:grid")}
          >
            <Ellipsis aria-hidden />
          </DropdownMenuTrigger>
          <DropdownMenuContent align={reply ? "start" : "end"}>
            {list.map((action) => (
              <DropdownMenuItem key={action.key} onSelect={action.run} disabled={action.waits}>
                {action.icon} {action.label}
              </DropdownMenuItem>
            ))}
          </DropdownMenuContent>
        </DropdownMenu>
      )}
    </div>
  );
}

const iconButton =
  "grid size-8 place-items-center rounded-lg hover:bg-slate-100 hover:text-slate-900 disabled:opacity-50 aria-disabled:cursor-default aria-disabled:opacity-50 aria-disabled:hover:bg-transparent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 [&_svg]:size-4";

/**
 * ‹ 2 / 3 ›. The arrows are never `disabled`, only `aria-disabled`: a
 * disabled button drops keyboard focus to the page, and pressing ‹ down to
 * version 1 (or any press while the switch is under way) would do just that.
 */
function VersionSwitcher({
  version,
  busy,
  waiting,
  claimFocus,
  onShow,
}: {
  version: { index: number; count: number };
  busy: boolean;
  /** A reply is being written below: switching waits for it. */
  waiting: boolean;
  /** On mount: the arrow to focus, when the version this one replaced was switched from with it focused. */
  claimFocus: () => VersionButton | null;
  onShow: (version: number, focused: VersionButton | null) => void;
}) {
  const group = useRef<HTMLDivElement>(null);
  const claim = useRef(claimFocus);
  useLayoutEffect(() => {
    const button = claim.current();
    if (button) group.current?.querySelector<HTMLButtonElement>(`[data-arrow="${button}"]`)?.focus();
  }, []);

  const arrow = (button: VersionButton) => {
    const target = button === "previous" ? version.index - 1 : version.index + 1;
    const off = busy || waiting || target < 1 || target > version.count;
    return {
      type: "button" as const,
      "data-arrow": button,
      "aria-label": button === "previous" ? "Previous version" : "Next version",
      "aria-disabled": off || undefined,
      title: waiting ? WAIT_FOR_REPLY : undefined,
      onClick: (event: MouseEvent<HTMLButtonElement>) => {
        if (!off) onShow(target, document.activeElement === event.currentTarget ? button : null);
      },
      className: cn(iconButton, "pointer-coarse:size-11"),
    };
  };

  return (
    <div ref={group} role="group" aria-label="Versions" className="flex items-center text-xs tabular-nums">
      <button {...arrow("previous")}>
        <ChevronLeft aria-hidden />
      </button>
      <span data-testid="version-label" aria-hidden className="px-0.5 font-medium">
        {version.index} / {version.count}
      </span>
      <span className="sr-only">
        Version {version.index} of {version.count}
      </span>
      <button {...arrow("next")}>
        <ChevronRight aria-hidden />
      </button>
    </div>
  );
}
