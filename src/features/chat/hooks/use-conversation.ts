import { useMutation, usePaginatedQuery } from "convex/react";
import { useCallback, useMemo, useState } from "react";
import { toast } from "sonner";
import { useCreditGuard } from "@/components/credits/use-credit-guard";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { MESSAGE_COST } from "../lib/constants";
import { isOptimisticId } from "../lib/optimistic";
import { useLiveText } from "./use-live-text";
import type { ChatMessage } from "../lib/types";

const PAGE_SIZE = 30;

/** A chat's messages (oldest first), the streaming reply, and stop/retry. */
export function useConversation(sessionId: Id<"chatSessions">) {
  // A streaming reply's text comes from useLiveText, not this list, so the
  // list isn't re-sent in full on every flush of a long reply.
  const { results, status, loadMore } = usePaginatedQuery(
    api.chat.messages.list,
    { sessionId },
    { initialNumItems: PAGE_SIZE },
  );
  const streaming = results.find((m: ChatMessage) => m.role === "assistant" && m.status === "streaming");
  const liveText = useLiveText(streaming?._id);
  const messages = useMemo(
    () =>
      [...results]
        .reverse()
        .map((m) => (m._id === streaming?._id && liveText !== null ? { ...m, content: liveText } : m)),
    [results, streaming?._id, liveText],
  );

  const stopMutation = useMutation(api.chat.messages.stop);
  const retryMutation = useMutation(api.chat.messages.retry);
  const guard = useCreditGuard();
  const [retryingId, setRetryingId] = useState<string | null>(null);

  const stop = useCallback(async () => {
    if (!streaming || isOptimisticId(streaming._id)) return;
    try {
      await stopMutation({ messageId: streaming._id });
    } catch (error) {
      toast.error("Couldn't stop the reply", { description: errorMessage(error) });
    }
  }, [streaming, stopMutation]);

  async function retry(messageId: Id<"chatMessages">) {
    if (!guard.ensureCredits(MESSAGE_COST, "Retrying a reply")) return;
    setRetryingId(messageId);
    try {
      await retryMutation({ messageId, clientRequestId: crypto.randomUUID() });
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
    loading: status === "LoadingFirstPage",
    canLoadOlder: status === "CanLoadMore",
    loadingOlder: status === "LoadingMore",
    loadOlder,
    streaming,
    stop,
    retry,
    retryingId,
  };
}
