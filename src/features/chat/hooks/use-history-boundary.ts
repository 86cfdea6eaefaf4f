import { useConvex } from "convex/react";
import { useEffect, useState } from "react";
import { useOwnerArgs } from "@/lib/viewer";
import { api } from "../../../../convex/_generated/api";

/**
 * Where the open chat splits into history and newer messages (see
 * convex/model/chat/history.ts), fixed while it is open: the chat's last
 * activity when it opened, read once (not subscribed: it moves with every
 * message). Asked for by display id, so it travels beside the chat's own
 * query rather than after it. A chat just created from the new-chat screen
 * starts with everything newer, so its first reply streams without its text
 * coming back in the history.
 */
export function useHistoryBoundary(displayId: string | undefined, justCreated: boolean): number | undefined {
  const convex = useConvex();
  const owner = useOwnerArgs();
  const [found, setFound] = useState<{ displayId: string; at: number }>();
  useEffect(() => {
    if (!displayId) return;
    let current = true;
    convex.query(api.chat.sessions.stats, { displayId, ...owner }).then(
      (stats) => {
        // A missing chat is shown by the chat's own query; nothing to split.
        if (current && stats) setFound({ displayId, at: justCreated && stats.messageCount <= 2 ? 0 : stats.updatedAt });
      },
      () => {
        // Any split is correct (every message lands on exactly one side); now only costs re-sends.
        if (current) setFound({ displayId, at: Date.now() });
      },
    );
    return () => {
      current = false;
    };
    // `justCreated` only matters for the first read of this chat.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [convex, displayId, owner]);
  return found && found.displayId === displayId ? found.at : undefined;
}
