import { useState } from "react";
import { Archive } from "lucide-react";
import { Link, useNavigate } from "react-router";
import { toast } from "sonner";
import { errorMessage } from "@/lib/errors";
import { useArchive } from "../hooks/use-archive";
import { useChatSessions } from "../hooks/use-chat-sessions";
import { useViewer } from "@/lib/viewer";
import { ARCHIVED_VIEW } from "../lib/archived-view";
import { COMPOSER_ID } from "../lib/constants";
import type { ChatSession } from "../lib/types";
import { DeleteSessionDialog } from "./delete-session-dialog";
import { SessionSidebar } from "./session-sidebar";

type Props = { activeDisplayId?: string; onNavigate?: () => void };

/** The session sidebar wired to the server: rename, delete and where to go after. */
export function ChatSidebar({ activeDisplayId, onNavigate }: Props) {
  const { sessions, status, loadMore, rename, remove } = useChatSessions();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState<ChatSession | null>(null);
  const { archive } = useArchive();
  // Archiving is for accounts; a guest's chats expire instead.
  const member = useViewer().kind === "user";

  async function handleArchive(session: ChatSession) {
    // Leave the chat being archived for the next one down, as a delete does.
    if (session.displayId === activeDisplayId) {
      const index = sessions.findIndex((s) => s._id === session._id);
      const neighbour = sessions[index + 1] ?? sessions[index - 1];
      navigate(neighbour ? `/chat/${neighbour.displayId}` : "/chat", { replace: true });
    }
    await archive(session);
  }

  async function handleRename(session: ChatSession, title: string) {
    try {
      await rename({ sessionId: session._id, title });
    } catch (error) {
      toast.error("Couldn't rename the chat", { description: errorMessage(error) });
    }
  }

  async function confirmDelete() {
    if (!deleting) return;
    const index = sessions.findIndex((s) => s._id === deleting._id);
    // The next chat down the list (older), else the one above, else a fresh chat.
    const neighbour = sessions[index + 1] ?? sessions[index - 1];
    const wasActive = deleting.displayId === activeDisplayId;
    try {
      if (wasActive) navigate(neighbour ? `/chat/${neighbour.displayId}` : "/chat", { replace: true });
      await remove({ sessionId: deleting._id });
      toast.success("Chat deleted", { duration: 2500 });
    } catch (error) {
      toast.error("Couldn't delete the chat", { description: errorMessage(error) });
    } finally {
      setDeleting(null);
    }
  }

  return (
    <>
      <SessionSidebar
        sessions={sessions}
        status={status}
        onLoadMore={loadMore}
        activeDisplayId={activeDisplayId}
        onNavigate={onNavigate}
        onRename={handleRename}
        onDelete={setDeleting}
        onArchive={member ? (session) => void handleArchive(session) : undefined}
        footer={
          member && (
          <div className="border-t border-slate-200/80 p-3">
            <Link
              to={{ search: `?${ARCHIVED_VIEW}` }}
              onClick={onNavigate}
              className="flex h-11 items-center gap-2.5 rounded-lg px-3 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 md:h-9"
            >
              <Archive className="size-4" aria-hidden /> Archived chats
            </Link>
          </div>
          )
        }
      />
      <DeleteSessionDialog
        title={deleting?.title ?? null}
        onCancel={() => setDeleting(null)}
        onConfirm={confirmDelete}
        fallbackFocus={() => document.getElementById(COMPOSER_ID)}
      />
    </>
  );
}
