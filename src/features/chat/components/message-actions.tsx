import { ChevronLeft, ChevronRight, Copy, Ellipsis, Pencil, RefreshCw, StepForward } from "lucide-react";
import { useState, type ReactNode } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/lib/cn";
import { useViewer } from "@/lib/viewer";
import { useMessageActionsContext } from "../hooks/use-message-actions";
import { isOptimisticId } from "../lib/optimistic";
import type { ChatMessage } from "../lib/types";

type Props = {
  message: Pick<ChatMessage, "_id" | "role" | "content" | "status" | "version">;
  /** The newest message: its reply can be regenerated or continued, and its actions always show. */
  isLast: boolean;
  /** Opens the inline editor (user messages). */
  onEdit?: () => void;
};

type Action = { key: string; label: string; icon: ReactNode; run: () => void };

/**
 * What can be done with a message: copy it as Markdown, edit a sent one,
 * regenerate or continue the last reply, and flip through its versions.
 * With a mouse the buttons appear on hover (and on keyboard focus); on a
 * touch screen one "More actions" button opens them as a menu. Versions
 * ("‹ 2 / 3 ›") always show.
 */
export function MessageActions({ message, isLast, onEdit }: Props) {
  const actions = useMessageActionsContext();
  // Versions (edit, regenerate, continue) are for accounts; a guest can copy.
  const viewer = useViewer();
  const member = viewer.kind === "user" && !actions?.readOnly;
  const [busy, setBusy] = useState(false);
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
  if (member && !reply && onEdit) list.push({ key: "edit", label: "Edit message", icon: <Pencil aria-hidden />, run: onEdit });
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
          disabled={busy}
          onShow={(version) => void run(() => actions.showVersion(message._id, version))()}
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
        {list.map((action) => (
          <Tooltip key={action.key} content={action.label}>
            <button
              type="button"
              aria-label={action.label}
              disabled={busy && action.key !== "copy"}
              onClick={action.run}
              className={iconButton}
            >
              {action.icon}
            </button>
          </Tooltip>
        ))}
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
              <DropdownMenuItem key={action.key} onSelect={action.run}>
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
  "grid size-8 place-items-center rounded-lg hover:bg-slate-100 hover:text-slate-900 disabled:opacity-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 [&_svg]:size-4";

function VersionSwitcher({
  version,
  disabled,
  onShow,
}: {
  version: { index: number; count: number };
  disabled: boolean;
  onShow: (version: number) => void;
}) {
  return (
    <div role="group" aria-label="Versions" className="flex items-center text-xs tabular-nums">
      <button
        type="button"
        aria-label="Previous version"
        disabled={disabled || version.index <= 1}
        onClick={() => onShow(version.index - 1)}
        className={cn(iconButton, "pointer-coarse:size-11")}
      >
        <ChevronLeft aria-hidden />
      </button>
      <span data-testid="version-label" aria-hidden className="px-0.5 font-medium">
        {version.index} / {version.count}
      </span>
      <span className="sr-only">
        Version {version.index} of {version.count}
      </span>
      <button
        type="button"
        aria-label="Next version"
        disabled={disabled || version.index >= version.count}
        onClick={() => onShow(version.index + 1)}
        className={cn(iconButton, "pointer-coarse:size-11")}
      >
        <ChevronRight aria-hidden />
      </button>
    </div>
  );
}
