import { useConvex } from "convex/react";
import { useEffect, useState, useSyncExternalStore } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import type { LiveResult } from "../lib/live-text";
import { liveState, liveTextVersion, notifyLiveText, peekLiveState, subscribeLiveText } from "../lib/message-texts";
import { isOptimisticId } from "../lib/optimistic";
import { useOwnerArgs } from "@/lib/viewer";

/**
 * Follows the chat's live reply (`result`: api.chat.messages.chatLive, one
 * group at a time; see lib/live-text.ts) into the tab's text store,
 * fetching any missed groups once. The chat view holds the one subscription
 * while it is open, so a reply costs no subscription of its own. `liveId`
 * is the row the lists mark `live`: it arrives in the same update as the
 * result it goes with, so results always apply to the reply they are
 * about. The hook keeps following a reply after its mark goes (a reply in
 * the history loses it as it ends) until the end result completes the text
 * it accumulated. It returns the id it follows until then; after, the
 * conversation takes the reply's final live text or, when this tab missed
 * part of it, reads the settled text. The component re-renders whenever
 * live text changes.
 */
export function useLiveText(
  result: LiveResult | undefined,
  liveId: Id<"chatMessages"> | undefined,
  /** Ids of the rows that stream, comma-separated (a string, so an unchanged list is an unchanged dependency). */
  streamingIds: string,
): Id<"chatMessages"> | undefined {
  const [followed, setFollowed] = useState(liveId);
  if (liveId !== undefined && liveId !== followed) setFollowed(liveId);
  useSyncExternalStore(subscribeLiveText, liveTextVersion);
  const owner = useOwnerArgs();
  const convex = useConvex();
  const id = followed !== undefined && !isOptimisticId(followed) ? followed : undefined;

  useEffect(() => {
    if (!id || result === undefined) return;
    const state = liveState(id);
    const { gap, changed } = state.receive(result, id === liveId, !streamingIds.split(",").includes(id));
    if (changed) notifyLiveText();
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
  }, [id, liveId, streamingIds, result, convex, owner]);

  const done = id !== undefined && id !== liveId && peekLiveState(id)?.ended === true;
  return done ? undefined : id;
}
