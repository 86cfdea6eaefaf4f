import type { OptimisticLocalStore } from "convex/browser";
import { useMutation } from "convex/react";
import { toast } from "sonner";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";

type Archivable = { _id: Id<"chatSessions">; title: string };

/** Archive and restore one chat, with the sidebar and header updated at once and an Undo. */
export function useArchive() {
  const archiveMutation = useMutation(api.chat.archive.archive).withOptimisticUpdate(hideArchived);
  const unarchiveMutation = useMutation(api.chat.archive.unarchive).withOptimisticUpdate(showRestored);

  async function unarchive(session: Archivable, quiet = false) {
    try {
      await unarchiveMutation({ sessionId: session._id });
      if (!quiet) toast.success("Chat restored", { description: session.title, duration: 2500 });
    } catch (error) {
      toast.error("Couldn't restore the chat", { description: errorMessage(error) });
    }
  }

  async function archive(session: Archivable) {
    try {
      await archiveMutation({ sessionId: session._id });
      toast.success("Chat archived", {
        description: session.title,
        action: { label: "Undo", onClick: () => void unarchive(session, true) },
      });
    } catch (error) {
      toast.error("Couldn't archive the chat", { description: errorMessage(error) });
    }
  }

  return { archive, unarchive };
}

/** Archiving: the chat leaves the sidebar at once and its header says archived. */
function hideArchived(store: OptimisticLocalStore, { sessionId }: { sessionId: Id<"chatSessions"> }) {
  for (const { args } of store.getAllQueries(api.chat.sessions.list)) {
    const value = store.getQuery(api.chat.sessions.list, args);
    if (value) store.setQuery(api.chat.sessions.list, args, { ...value, page: value.page.filter((s) => s._id !== sessionId) });
  }
  for (const { args, value } of store.getAllQueries(api.chat.sessions.get)) {
    if (value?._id === sessionId) store.setQuery(api.chat.sessions.get, args, { ...value, archivedAt: Date.now() });
  }
}

/** Restoring: the chat leaves the Archived view at once and its composer returns. */
function showRestored(store: OptimisticLocalStore, { sessionId }: { sessionId: Id<"chatSessions"> }) {
  for (const { args } of store.getAllQueries(api.chat.archive.listArchived)) {
    const value = store.getQuery(api.chat.archive.listArchived, args);
    if (value) store.setQuery(api.chat.archive.listArchived, args, { ...value, page: value.page.filter((s) => s._id !== sessionId) });
  }
  for (const { args, value } of store.getAllQueries(api.chat.sessions.get)) {
    if (value?._id === sessionId) {
      const { archivedAt: _gone, ...rest } = value;
      store.setQuery(api.chat.sessions.get, args, rest);
    }
  }
}
