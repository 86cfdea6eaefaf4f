import { useQuery } from "convex/react";
import { useEffect, useState } from "react";
import { useParams } from "react-router";
import { ModelsContext, useModels } from "@/components/models/use-models";
import { Sheet } from "@/components/ui/sheet";
import { api } from "../../../../convex/_generated/api";
import { ChatHeader } from "../components/chat-header";
import { ChatInfo } from "../components/chat-info";
import { ChatSidebar } from "../components/chat-sidebar";
import { Conversation, ConversationLoading } from "../components/conversation";
import { NewChat } from "../components/new-chat";
import { clearDrafts } from "../hooks/use-composer";
import { SessionNotFound } from "../components/session-not-found";

/** /chat and /chat/:displayId — sidebar (a drawer on phones) and the conversation. */
export function ChatPage() {
  const { displayId } = useParams();
  const session = useQuery(api.chat.sessions.get, displayId ? { displayId } : "skip");
  const models = useModels();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const closeDrawer = () => setDrawerOpen(false);
  // Drafts survive switching chats, not leaving the page (or signing out on a shared machine).
  useEffect(() => clearDrafts, []);

  const title = !displayId ? "New chat" : session === null ? "Not found" : session?.title;

  return (
    <ModelsContext.Provider value={models}>
    <div className="flex h-full min-h-0">
      <aside aria-label="Chat history" className="hidden w-72 shrink-0 border-r border-slate-200/80 bg-slate-50/70 md:block">
        <ChatSidebar activeDisplayId={displayId} />
      </aside>
      <Sheet open={drawerOpen} onOpenChange={setDrawerOpen} title="Chats" className="bg-slate-50">
        <div className="flex h-14 shrink-0 items-center px-5 text-[15px] font-semibold text-slate-900">Chats</div>
        <div className="min-h-0 flex-1">
          <ChatSidebar activeDisplayId={displayId} onNavigate={closeDrawer} />
        </div>
      </Sheet>

      <section className="flex min-w-0 flex-1 flex-col" aria-label="Chat">
        <ChatHeader title={title} displayId={session?.displayId} sidebarOpen={drawerOpen} onOpenSidebar={() => setDrawerOpen(true)}>
          {session && <ChatInfo session={session} />}
        </ChatHeader>
        {!displayId ? (
          <NewChat />
        ) : session === null ? (
          <SessionNotFound displayId={displayId} />
        ) : session === undefined ? (
          <ConversationLoading />
        ) : (
          <Conversation key={session._id} session={session} />
        )}
      </section>
    </div>
    </ModelsContext.Provider>
  );
}
