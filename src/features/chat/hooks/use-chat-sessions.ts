import { optimisticallyUpdateValueInPaginatedQuery, useMutation, usePaginatedQuery } from "convex/react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { useOwnerArgs } from "@/lib/viewer";

const PAGE_SIZE = 25;

/** The sidebar's data: sessions page by page, with rename and delete. */
export function useChatSessions() {
  const owner = useOwnerArgs();
  const { results, status, loadMore } = usePaginatedQuery(api.chat.sessions.list, owner, { initialNumItems: PAGE_SIZE });

  const renameMutation = useMutation(api.chat.sessions.rename).withOptimisticUpdate((store, { sessionId, title, guestToken }) => {
    optimisticallyUpdateValueInPaginatedQuery(store, api.chat.sessions.list, guestToken ? { guestToken } : {}, (s) =>
      s._id === sessionId ? { ...s, title } : s,
    );
    for (const { args, value } of store.getAllQueries(api.chat.sessions.get)) {
      if (value?._id === sessionId) store.setQuery(api.chat.sessions.get, args, { ...value, title });
    }
  });

  const removeMutation = useMutation(api.chat.sessions.remove);
  const rename = (args: { sessionId: Id<"chatSessions">; title: string }) => renameMutation({ ...args, ...owner });
  const remove = (args: { sessionId: Id<"chatSessions"> }) => removeMutation({ ...args, ...owner });

  return { sessions: results, status, loadMore: () => loadMore(PAGE_SIZE), rename, remove };
}
