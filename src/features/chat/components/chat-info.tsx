import { useQuery } from "convex/react";
import { Brain, Info, Sparkles, TriangleAlert, Zap } from "lucide-react";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { findModel, useModels } from "@/components/models/use-models";
import { cn } from "@/lib/cn";
import { Skeleton } from "@/components/ui/spinner";
import { formatMicroUsd } from "@/lib/format";
import { useOwnerArgs } from "@/lib/viewer";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import type { SessionDetail } from "../lib/types";

const tokens = (n: number) => n.toLocaleString("en-US");

/** The chat header's model badge and the chat's info panel (created, model, messages, tokens, credits, cost, instructions). */
export function ChatInfo({ session }: { session: SessionDetail }) {
  const list = useModels();
  const modelId = session.modelId ?? list?.defaultId ?? undefined;
  const model = findModel(list, modelId);
  const missing = list !== undefined && modelId !== undefined && !model;
  const label = model?.label ?? (missing ? `${modelId} (unavailable)` : undefined);
  return (
    <div className="flex shrink-0 items-center gap-1">
      {label && (
        <span
          data-testid="chat-model"
          className={cn(
            "inline-flex max-w-[9rem] items-center gap-1 truncate rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset sm:max-w-none",
            missing
              ? "bg-amber-50 text-amber-800 ring-amber-200"
              : model?.tier === "premium"
                ? "bg-violet-50 text-violet-700 ring-violet-200"
                : "bg-slate-50 text-slate-600 ring-slate-200",
          )}
        >
          {missing ? (
            <TriangleAlert className="size-3 shrink-0" aria-hidden />
          ) : model?.tier === "premium" ? (
            <Sparkles className="size-3 shrink-0" aria-hidden />
          ) : (
            <Zap className="size-3 shrink-0" aria-hidden />
          )}
          <span className="truncate">{label}</span>
        </span>
      )}
      <Popover>
        <PopoverTrigger
          aria-label="Chat info"
          data-testid="chat-info-button"
          className="grid size-11 place-items-center rounded-lg text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 md:size-9"
        >
          <Info className="size-[18px]" aria-hidden />
        </PopoverTrigger>
        <PopoverContent aria-label="Chat info" className="w-80">
          <p className="font-semibold text-slate-900">Chat info</p>
          <dl className="mt-3 space-y-2 text-slate-600" data-testid="chat-info">
            <Row label="Model">
              <span className="inline-flex items-center gap-1">
                {model?.family === "reasoning" && <Brain className="size-3.5" aria-hidden />}
                {label ?? "—"}
                {model?.tier === "premium" && <span className="text-xs text-violet-700">· Premium</span>}
              </span>
            </Row>
            <Row label="Created">
              <time dateTime={new Date(session.createdAt).toISOString()}>{formatCreated(session.createdAt)}</time>
            </Row>
            <ChatStatsRows sessionId={session._id} />
          </dl>
          <div className="mt-3 border-t border-slate-100 pt-3" data-testid="chat-info-instructions">
            <p className="text-slate-600">Instructions for this chat</p>
            <p className="mt-0.5 line-clamp-3 whitespace-pre-wrap font-medium text-slate-900">
              {session.instructions ?? "None"}
            </p>
          </div>
          <p className="mt-3 text-xs text-slate-500">
            The cost is what the AI provider charges for these tokens at the configured prices, not what you pay.
          </p>
        </PopoverContent>
      </Popover>
    </div>
  );
}

/**
 * The chat's counters, subscribed only while the panel is open: they change
 * with every message, so the open chat itself doesn't carry them.
 */
function ChatStatsRows({ sessionId }: { sessionId: Id<"chatSessions"> }) {
  const owner = useOwnerArgs();
  const stats = useQuery(api.chat.sessions.stats, { sessionId, ...owner });
  if (!stats) {
    return (
      <div aria-busy="true" aria-label="Loading the chat's totals" className="space-y-2">
        <Skeleton className="h-4 w-full" />
        <Skeleton className="h-4 w-4/5" />
      </div>
    );
  }
  // The server sends totals for every chat (zeros for chats older than them).
  const { totals } = stats;
  return (
    <>
      <Row label="Messages, all versions">{stats.messageCount.toLocaleString("en-US")}</Row>
      <Row label="Replies answered">{totals.replies.toLocaleString("en-US")}</Row>
      <Row label="Input tokens">{tokens(totals.inputTokens)}</Row>
      <Row label="Output tokens">
        {tokens(totals.outputTokens)}
        {totals.reasoningTokens > 0 && (
          <span className="text-xs text-slate-500"> ({tokens(totals.reasoningTokens)} reasoning)</span>
        )}
      </Row>
      <Row label="Credits used">{totals.credits.toLocaleString("en-US")}</Row>
      <Row label="Estimated model cost">{formatMicroUsd(totals.costMicroUsd)}</Row>
    </>
  );
}

const formatCreated = (at: number) =>
  new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-3">
      <dt>{label}</dt>
      <dd className="text-right font-medium tabular-nums text-slate-900">{children}</dd>
    </div>
  );
}
