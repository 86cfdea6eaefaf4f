import { useConvex, useQuery } from "convex/react";
import { useEffect, useState, useSyncExternalStore } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { liveState, liveTextVersion, notifyLiveText, peekLiveState, subscribeLiveText } from "../lib/message-texts";
import { isOptimisticId } from "../lib/optimistic";
import { useOwnerArgs } from "@/lib/viewer";

/**
 * Follows a streaming reply's live text (api.chat.messages.live, one group
 * at a time; see lib/live-text.ts) into the tab's text store, fetching any
 * missed groups once. It keeps following the reply after it stops streaming
 * until the end result arrives, so the final text is the one it
 * accumulated rather than a second copy. Returns the id it follows; the
 * component re-renders whenever live text changes.
 */
export function useLiveText(streamingId: Id<"chatMessages"> | undefined): Id<"chatMessages"> | undefined {
  const [followed, setFollowed] = useState(streamingId);
  if (streamingId !== undefined && streamingId !== followed) setFollowed(streamingId);
  useSyncExternalStore(subscribeLiveText, liveTextVersion);
  // Done once the reply stopped streaming and its end result was taken.
  const done = followed !== undefined && followed !== streamingId && peekLiveState(followed)?.ended === true;
  const id = followed !== undefined && !isOptimisticId(followed) && !done ? followed : undefined;
  const owner = useOwnerArgs();
  const result = useQuery(api.chat.messages.live, id ? { messageId: id, ...owner } : "skip");
  const convex = useConvex();

  useEffect(() => {
    if (!id || result === undefined) return;
    const state = liveState(id);
    const gap = state.apply(result);
    notifyLiveText();
    if (gap) {
      void convex
        .query(api.chat.messages.liveRange, { messageId: id, ...gap, ...owner })
        .then((texts) => {
          state.fill(gap.from, texts);
          notifyLiveText();
        })
        .catch(() => {
          // The reply ended or went away: the end result settles it.
        });
    }
  }, [id, result, convex, owner]);

  return id;
}
