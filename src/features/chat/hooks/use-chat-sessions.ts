import { optimisticallyUpdateValueInPaginatedQuery, useMutation, usePaginatedQuery } from "convex/react";
import { api } from "../../../../convex/_generated/api";

const PAGE_SIZE = 25;

/** The sidebar's data: sessions page by page, with rename and delete. */
export function useChatSessions() {
  const { results, status, loadMore } = usePaginatedQuery(api.chat.sessions.list, {}, { initialNumItems: PAGE_SIZE });

  const rename = useMutation(api.chat.sessions.rename).withOptimisticUpdate((store, { sessionId, title }) => {
    optimisticallyUpdateValueInPaginatedQuery(store, api.chat.sessions.list, {}, (s) =>
      s._id === sessionId ? { ...s, title } : s,
    );
    for (const { args, value } of store.getAllQueries(api.chat.sessions.get)) {
      if (value?._id === sessionId) store.setQuery(api.chat.sessions.get, args, { ...value, title });
    }
  });

  const remove = useMutation(api.chat.sessions.remove);

  return { sessions: results, status, loadMore: () => loadMore(PAGE_SIZE), rename, remove };
}
