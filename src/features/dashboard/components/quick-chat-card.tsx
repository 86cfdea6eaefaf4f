import { useQuery } from "convex/react";
import { ArrowUp, ChevronRight, MessageSquare } from "lucide-react";
import { useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { Link } from "react-router";
import { Button } from "@/components/ui/button";
import { Skeleton, Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { useBalance } from "@/components/credits/balance";
import { ChatModelPicker } from "@/features/chat/components/chat-model-picker";
import { useChatModel } from "@/features/chat/hooks/use-chat-model";
import { api } from "../../../../convex/_generated/api";
import { useQuickChat } from "../hooks/use-quick-chat";
import { MESSAGE_COST } from "../lib/costs";
import { timeAgo } from "../lib/time-ago";
import { Card, CardHeader } from "./card";

const RECENT = { paginationOpts: { numItems: 3, cursor: null } };
const MAX_INPUT_HEIGHT = 160;

/** Start a chat from the dashboard, or jump back into one of the last three. */
export function QuickChatCard() {
  const recent = useQuery(api.chat.sessions.list, RECENT);
  const { start, sending } = useQuickChat();
  // The same model menu as a new chat: it picks (and remembers) the default model.
  const chatModel = useChatModel();
  const balance = useBalance();
  const [text, setText] = useState("");
  const [includeContext, setIncludeContext] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);

  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, MAX_INPUT_HEIGHT)}px`;
  }, [text]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    await start(text, includeContext, {
      option: chatModel.model,
      onUseStandard: (modelId) => void chatModel.change(modelId),
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <Card aria-labelledby="quick-chat-title" className="flex h-full flex-col">
      <CardHeader
        id="quick-chat-title"
        icon={<MessageSquare className="size-4" aria-hidden />}
        iconClassName="bg-blue-50 text-blue-600"
        title="Quick Chat"
        action={
          <Link
            to="/chat"
            className="inline-flex items-center gap-0.5 rounded-md text-[13px] font-medium text-slate-500 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
          >
            All chats
            <ChevronRight className="size-3.5" aria-hidden />
          </Link>
        }
      />
      <form onSubmit={submit} className="px-4 sm:px-5">
        <div className="rounded-xl border border-slate-200 bg-white shadow-xs transition focus-within:border-blue-400 focus-within:ring-4 focus-within:ring-blue-500/10">
          <label htmlFor="quick-chat-input" className="sr-only">
            Start a new chat
          </label>
          <textarea
            id="quick-chat-input"
            ref={input}
            rows={2}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
            placeholder="Ask Helm anything…"
            className="block w-full resize-none bg-transparent px-3.5 pt-3 text-[15px] leading-6 text-slate-900 placeholder:text-slate-400 focus:outline-none"
          />
          <div className="flex items-center justify-between gap-2 px-2.5 pb-2.5 pt-1">
            <div className="flex min-w-0 items-center gap-1">
              <ChatModelPicker chatModel={chatModel} premium={balance?.premium} />
              <Switch
                checked={includeContext}
                onCheckedChange={setIncludeContext}
                label={
                  <>
                    <span className="sm:hidden">My projects</span>
                    <span className="hidden sm:inline">Include my projects & tasks</span>
                  </>
                }
                className="pl-1"
              />
            </div>
            <div className="flex items-center gap-2">
              <span className="text-xs tabular-nums text-slate-500">{MESSAGE_COST} credits</span>
              <Button
                type="submit"
                variant="accent"
                size="icon-sm"
                aria-label="Start chat"
                disabled={text.trim() === "" || sending}
              >
                {sending ? <Spinner className="size-3.5" label="Starting chat" /> : <ArrowUp aria-hidden />}
              </Button>
            </div>
          </div>
        </div>
      </form>
      <div className="mt-4 flex-1 border-t border-slate-100 px-2 pb-2 pt-2 sm:px-3">
        <h3 className="px-2 pb-1 pt-1 text-xs font-medium text-slate-500">Recent chats</h3>
        <RecentSessions sessions={recent?.page} />
      </div>
    </Card>
  );
}

type SessionRow = { _id: string; displayId: string; title: string; updatedAt: number; messageCount: number };

function RecentSessions({ sessions }: { sessions: SessionRow[] | undefined }) {
  if (!sessions) {
    return (
      <div className="space-y-1 px-2 py-1" aria-hidden>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-10 w-full" />
        ))}
      </div>
    );
  }
  if (sessions.length === 0) {
    return <p className="px-2 py-3 text-sm text-slate-500">Your chats will show up here.</p>;
  }
  return (
    <ul>
      {sessions.map((session) => (
        <li key={session._id}>
          <Link
            to={`/chat/${session.displayId}`}
            className="group flex min-h-11 items-center gap-3 rounded-lg px-2 py-2 hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
          >
            <span className="grid size-7 shrink-0 place-items-center rounded-md bg-slate-100 text-slate-500">
              <MessageSquare className="size-3.5" aria-hidden />
            </span>
            <span className="min-w-0 flex-1">
              <span className="block truncate text-sm font-medium text-slate-800">{session.title}</span>
            </span>
            <span className="hidden shrink-0 text-xs tabular-nums text-slate-500 sm:inline">
              {session.messageCount} {session.messageCount === 1 ? "message" : "messages"} ·
            </span>
            <span className="shrink-0 text-xs tabular-nums text-slate-500">
              <time dateTime={new Date(session.updatedAt).toISOString()}>{timeAgo(session.updatedAt)}</time>
            </span>
            <ChevronRight className="size-4 shrink-0 text-slate-300 group-hover:text-slate-500" aria-hidden />
          </Link>
        </li>
      ))}
    </ul>
  );
}
