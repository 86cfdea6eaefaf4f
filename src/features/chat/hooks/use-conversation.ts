import { useMutation, usePaginatedQuery, useQueries, useQuery } from "convex/react";
import { useCallback, useMemo, useState } from "react";
import { toast } from "sonner";
import { useCreditGuard } from "@/components/credits/use-credit-guard";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { MESSAGE_COST } from "../lib/constants";
import { peekLiveState, TAB_ID, tabTexts } from "../lib/message-texts";
import { heldText, newerMessage } from "../lib/newer-messages";
import { isOptimisticId } from "../lib/optimistic";
import { useLiveText } from "./use-live-text";
import type { ChatMessage } from "../lib/types";
import { useOwnerArgs } from "@/lib/viewer";

const PAGE_SIZE = 30;

type TextRequests = Record<
  string,
  { query: typeof api.chat.messages.text; args: { messageId: Id<"chatMessages">; guestToken?: string } }
>;

/**
 * A chat's messages (oldest first), the streaming reply, and stop/retry.
 *
 * The chat is read in two parts split at `boundary` (see
 * convex/model/chat/history.ts): the history, paginated with its text, which
 * a new turn never re-sends; and the newer messages as metadata, each
 * settled one's text fetched once — or not at all when this tab has it (its
 * own send, a question that came with its row, a reply it watched stream;
 * lib/newer-messages.ts). Unchanged messages keep their object identity, so
 * the list re-renders only what changed.
 */
export function useConversation(sessionId: Id<"chatSessions">, boundary: number) {
  const owner = useOwnerArgs();
  const { results, status, loadMore } = usePaginatedQuery(
    api.chat.messages.history,
    { sessionId, before: boundary, ...owner },
    { initialNumItems: PAGE_SIZE },
  );
  const recent = useQuery(api.chat.messages.recent, { sessionId, after: boundary, tab: TAB_ID, ...owner });

  const liveResult = useQuery(api.chat.messages.chatLive, { sessionId, ...owner });
  // The newer rows with their status: the live reply's comes with the chat's live result.
  const newer = (recent ?? []).map((meta) => newerMessage(meta, tabTexts, liveResult));
  const streaming =
    newer.find((m) => m.role === "assistant" && m.status === "streaming") ??
    results.find((m: ChatMessage) => m.role === "assistant" && m.status === "streaming");
  const live = newer.find((m) => m.live) ?? results.find((m: ChatMessage) => m.live);
  const streamingIds = [...newer, ...results]
    .filter((m) => m.status === "streaming")
    .map((m) => m._id)
    .join(",");
  const followed = useLiveText(liveResult, live?._id, streamingIds);

  // Settled newer messages whose text this tab does not have yet.
  const wanted = newer.filter((m) => m.status !== "streaming" && !isOptimisticId(m._id) && heldText(m, tabTexts, m._id === followed) === undefined);
  const texts = useSettledTexts(wanted.map((m) => m._id).join(","));

  const [cache] = useState(() => new Map<string, ChatMessage>());
  const liveFor = (m: { _id: string }) => (m._id === followed ? peekLiveState(m._id)?.text : undefined);
  const next: ChatMessage[] = [...results].reverse().map((m) => (m.status === "streaming" ? { ...m, content: liveFor(m) ?? "" } : m));
  for (const m of newer) {
    const fetched = texts[m._id];
    const content =
      heldText(m, tabTexts, m._id === followed) ??
      // While a reply's settled text loads, the live text this tab has (a prefix of it) stays shown.
      (typeof fetched === "string" ? fetched : (peekLiveState(m._id)?.text ?? ""));
    const { clientRequestId: _key, creditsUsed = 0, ...view } = m;
    next.push({ ...view, creditsUsed, content });
  }
  const messages = reuseUnchanged(cache, next);

  const stopMutation = useMutation(api.chat.messages.stop);
  const retryMutation = useMutation(api.chat.messages.retry);
  const guard = useCreditGuard();
  const [retryingId, setRetryingId] = useState<string | null>(null);

  const streamingId = streaming?._id;
  const stop = useCallback(async () => {
    if (!streamingId || isOptimisticId(streamingId)) return;
    try {
      await stopMutation({ messageId: streamingId, ...owner });
    } catch (error) {
      toast.error("Couldn't stop the reply", { description: errorMessage(error) });
    }
  }, [streamingId, stopMutation, owner]);

  async function retry(messageId: Id<"chatMessages">) {
    if (!guard.ensureCredits(MESSAGE_COST, "Retrying a reply")) return;
    setRetryingId(messageId);
    try {
      await retryMutation({ messageId, clientRequestId: crypto.randomUUID(), ...owner });
    } catch (error) {
      if (!guard.handleCreditError(error, "Retrying a reply")) {
        toast.error("Couldn't retry", { description: errorMessage(error) });
      }
    } finally {
      setRetryingId(null);
    }
  }

  const loadOlder = useCallback(() => loadMore(PAGE_SIZE), [loadMore]);

  return {
    messages,
    loading: status === "LoadingFirstPage" || recent === undefined,
    canLoadOlder: status === "CanLoadMore",
    loadingOlder: status === "LoadingMore",
    loadOlder,
    streaming,
    stop,
    retry,
    retryingId,
  };
}

const FIELDS = ["role", "content", "status", "error", "creditsUsed", "model", "provider", "createdAt", "queued"] as const;

function sameMessage(a: ChatMessage, b: ChatMessage) {
  return (
    FIELDS.every((f) => a[f] === b[f]) &&
    a.version?.index === b.version?.index &&
    a.version?.count === b.version?.count &&
    a.tokens?.input === b.tokens?.input &&
    a.tokens?.output === b.tokens?.output
  );
}

/** The settled texts of `ids` (comma-separated, so an unchanged list is an unchanged dependency), each read once. */
function useSettledTexts(ids: string) {
  const owner = useOwnerArgs();
  const requests = useMemo(() => {
    const requests: TextRequests = {};
    for (const id of ids ? ids.split(",") : []) {
      requests[id] = { query: api.chat.messages.text, args: { messageId: id as Id<"chatMessages">, ...owner } };
    }
    return requests;
  }, [ids, owner]);
  return useQueries(requests) as Record<string, string | null | undefined | Error>;
}

/** The previous object for every message that did not change (React.memo then skips it). */
function reuseUnchanged(cache: Map<string, ChatMessage>, next: ChatMessage[]): ChatMessage[] {
  const out = next.map((m) => {
    const previous = cache.get(m._id);
    return previous && sameMessage(previous, m) ? previous : m;
  });
  cache.clear();
  for (const m of out) cache.set(m._id, m);
  return out;
}
