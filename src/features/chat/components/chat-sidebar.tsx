import { useState } from "react";
import { useNavigate } from "react-router";
import { toast } from "sonner";
import { errorMessage } from "@/lib/errors";
import { useChatSessions } from "../hooks/use-chat-sessions";
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
