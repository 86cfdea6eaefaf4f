import { useQueries } from "convex/react";
import { useMemo, useState } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { isOptimisticId } from "../lib/optimistic";

type Block = { text: string; chunkCount: number; sealed: boolean; streaming: boolean };

/**
 * The text so far of a streaming reply, read block by block
 * (api.chat.messages.streamBlock). A full ("sealed") block never changes
 * again, so each byte reaches this client a bounded number of times instead
 * of the whole growing text being re-sent on every flush. Returns null when
 * there is nothing to read (no message, an optimistic placeholder, or the
 * reply has ended and the message itself holds the final text).
 */
export function useLiveText(messageId: Id<"chatMessages"> | undefined): string | null {
  const live = messageId !== undefined && !isOptimisticId(messageId);
  // Blocks subscribed so far, per message (a retry reuses the message id and starts again at 0).
  const [watched, setWatched] = useState<{ id: string | undefined; count: number }>({ id: messageId, count: 1 });
  const count = watched.id === messageId ? watched.count : 1;
  if (watched.id !== messageId) setWatched({ id: messageId, count: 1 });

  const requests = useMemo(() => {
    const r: Record<string, { query: typeof api.chat.messages.streamBlock; args: { messageId: Id<"chatMessages">; block: number } }> = {};
    if (!live) return r;
    for (let block = 0; block < count; block++) {
      r[String(block)] = { query: api.chat.messages.streamBlock, args: { messageId, block } };
    }
    return r;
  }, [live, messageId, count]);
  const results = useQueries(requests) as Record<string, Block | undefined | Error>;

  if (!live) return null;
  let text = "";
  for (let block = 0; block < count; block++) {
    const result = results[String(block)];
    // Stop at the first block still loading: text never goes backwards.
    if (result === undefined || result instanceof Error) break;
    if (!result.streaming) return null;
    text += result.text;
    if (block === count - 1 && result.sealed) setWatched({ id: messageId, count: count + 1 });
  }
  return text;
}
