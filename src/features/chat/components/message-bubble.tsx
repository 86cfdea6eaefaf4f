import { CircleAlert, Cpu, RotateCcw, ShipWheel, Square } from "lucide-react";
import { useState } from "react";
import { useIsUnlimited } from "@/components/credits/use-credit-guard";
import { Button } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/lib/cn";
import { useSmoothText } from "../hooks/use-smooth-text";
import type { ChatMessage } from "../lib/types";
import { CollapsibleText } from "./collapsible-text";
import { useModelOption } from "@/components/models/use-models";
import { Markdown } from "./markdown";
import { ReplyModelLabel } from "./reply-model-label";
import { TypingIndicator } from "./typing-indicator";
import { useMessageActionsContext } from "../hooks/use-message-actions";
import { EditMessageForm } from "./edit-message-form";
import { MessageActions } from "./message-actions";
import { useViewer } from "@/lib/viewer";

type Props = {
  message: Pick<ChatMessage, "_id" | "role" | "content" | "status" | "error" | "provider" | "queued"> &
    Partial<Pick<ChatMessage, "modelId" | "tokens" | "version">>;
  onRetry?: () => void;
  retrying?: boolean;
  /** The newest message of the chat (its reply can be regenerated or continued). */
  isLast?: boolean;
  /** Its place in the chat, shared by its versions (see MessageActions). */
  slot?: string;
};

export function MessageBubble({ message, onRetry, retrying, isLast = false, slot }: Props) {
  if (message.role === "user") return <UserMessage message={message} isLast={isLast} slot={slot} />;
  return <AssistantMessage message={message} onRetry={onRetry} retrying={retrying} isLast={isLast} slot={slot} />;
}

function UserMessage({ message, isLast, slot }: Pick<Props, "message" | "slot"> & { isLast: boolean }) {
  const [editing, setEditing] = useState(false);
  const actions = useMessageActionsContext();
  const unlimited = useIsUnlimited();
  return (
    <div data-testid="user-message" className="group/message flex flex-col items-end gap-1 animate-message-in">
      {editing && actions ? (
        <EditMessageForm
          initial={message.content}
          unlimited={unlimited}
          onCancel={() => setEditing(false)}
          onSubmit={(text) => actions.edit(message._id, text)}
        />
      ) : (
        <>
          <CollapsibleText
            text={message.content}
            className="max-w-[85%] whitespace-pre-wrap break-words rounded-3xl rounded-br-lg bg-blue-600 px-4 py-2.5 text-[15px] leading-6 text-white shadow-sm dark:bg-blue-100 dark:text-slate-900 sm:max-w-[75%]"
          />
          <MessageActions message={message} isLast={isLast} slot={slot} onEdit={() => setEditing(true)} />
        </>
      )}
    </div>
  );
}

function AssistantMessage({ message, onRetry, retrying, isLast = false, slot }: Props) {
  const streaming = message.status === "streaming";
  const text = useSmoothText(message.content, streaming);
  const waiting = streaming && text.length === 0;
  const thinking = useModelOption(message.modelId)?.family === "reasoning";
  // Still arriving (or cut off): close any Markdown the partial text leaves open.
  const finished = message.status === "complete" && text.length === message.content.length;
  return (
    <div
      data-testid="assistant-message"
      data-status={message.status}
      className="group/message flex items-start gap-3 animate-message-in"
    >
      <span className="mt-0.5 hidden size-8 shrink-0 place-items-center rounded-full border border-slate-200 bg-white text-slate-700 shadow-xs sm:grid">
        <ShipWheel className="size-4" aria-hidden />
      </span>
      <div className="min-w-0 max-w-[92%] sm:max-w-[85%]">
        {(text || waiting || message.status !== "error") && (
          <div
            data-testid="assistant-content"
            className={cn(
              "rounded-3xl rounded-tl-lg bg-slate-100 px-4 py-3 text-slate-800",
              message.status === "error" && "rounded-b-lg",
            )}
          >
            {waiting ? (
              <TypingIndicator queued={message.queued} thinking={thinking} />
            ) : (
              <Markdown content={text} streaming={streaming} partial={!finished} />
            )}
          </div>
        )}
        <MessageFooter message={message} onRetry={onRetry} retrying={retrying} />
        <MessageActions message={message} isLast={isLast} slot={slot} />
      </div>
    </div>
  );
}

function MessageFooter({ message, onRetry, retrying }: Props) {
  const offline = message.provider === "offline";
  const unlimited = useIsUnlimited();
  const guest = useViewer().kind === "guest";
  const labelled = message.status !== "streaming" && message.modelId !== undefined;
  if (message.status === "error") {
    return (
      <div
        role="alert"
        className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-2xl rounded-t-lg border border-red-200 bg-red-50 px-4 py-2.5 text-sm text-red-800"
      >
        <CircleAlert className="size-4 shrink-0" aria-hidden />
        <span className="min-w-0 flex-1">
          {message.error || "Helm couldn't finish this reply."}
          {/* What the failed turn gave back: a guest's daily message, a user's credits (Pro pays none). */}
          {guest ? " It doesn't count toward today's messages." : unlimited ? "" : " Your credits were refunded."}
        </span>
        {onRetry && (
          <Button variant="secondary" size="sm" onClick={onRetry} disabled={retrying} className="border-red-200">
            <RotateCcw aria-hidden /> Retry
          </Button>
        )}
      </div>
    );
  }
  if (message.status !== "stopped" && !offline && !labelled) return null;
  return (
    <div className="mt-1.5 flex flex-wrap items-center gap-2 pl-1 text-xs text-slate-500">
      {message.status === "stopped" && (
        <span className="inline-flex items-center gap-1 font-medium">
          <Square className="size-3 fill-current" aria-hidden /> Stopped
        </span>
      )}
      {labelled && <ReplyModelLabel modelId={message.modelId} tokens={message.tokens} />}
      {offline && (
        <Tooltip content="A built-in demo model answered: no AI provider is configured.">
          <span
            tabIndex={0}
            className="inline-flex items-center gap-1 rounded-full border border-slate-200 bg-white px-2 py-0.5 font-medium text-slate-500 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
          >
            <Cpu className="size-3" aria-hidden /> Offline model
          </span>
        </Tooltip>
      )}
    </div>
  );
}
