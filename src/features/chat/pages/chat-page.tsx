import { useQuery } from "convex/react";
import { useState } from "react";
import { useLocation, useParams, useSearchParams } from "react-router";
import { PhoneDrawerContent, PhoneHeaderTitle } from "@/components/layout/app-header-slots";
import { ModelsContext, useModels } from "@/components/models/use-models";
import { usePageTitle } from "@/lib/use-page-title";
import { api } from "../../../../convex/_generated/api";
import { ChatHeader, PhoneChatTitle } from "../components/chat-header";
import { ArchivedChatsDialog } from "../components/archived-chats-dialog";
import { ChatActionsMenu } from "../components/chat-actions-menu";
import { ChatInfo } from "../components/chat-info";
import { ChatInstructionsButton, ChatInstructionsDialog, useInstructionsActive } from "../components/chat-instructions";
import { ChatSidebar } from "../components/chat-sidebar";
import { Conversation, ConversationLoading, type ConversationLocationState } from "../components/conversation";
import { NewChat } from "../components/new-chat";
import { SessionNotFound } from "../components/session-not-found";
import { useHistoryBoundary } from "../hooks/use-history-boundary";
import { ARCHIVED_VIEW_PARAM } from "../lib/archived-view";
import type { SessionDetail } from "../lib/types";
import { useOwnerArgs, useViewer } from "@/lib/viewer";

/**
 * /chat and /chat/:displayId — sidebar and the conversation. On a phone the
 * title and New chat sit in the app's top bar and the chat list in its menu
 * drawer: one bar and one drawer, not two of each.
 */
/** A phone's one chat menu in the top bar: instructions, archive, export (the title keeps the room). */
function PhoneChatMenu({ session }: { session: SessionDetail }) {
  const [instructionsOpen, setInstructionsOpen] = useState(false);
  const active = useInstructionsActive(session);
  return (
    <>
      <ChatActionsMenu
        session={session}
        className="size-11 [&_svg]:size-5"
        onInstructions={() => setInstructionsOpen(true)}
        instructionsActive={active}
      />
      <ChatInstructionsDialog session={session} open={instructionsOpen} onOpenChange={setInstructionsOpen} />
    </>
  );
}

export function ChatPage() {
  const { displayId } = useParams();
  const owner = useOwnerArgs();
  // Instructions, archive and export are for accounts; a guest has the chat itself.
  const member = useViewer().kind === "user";
  const session = useQuery(api.chat.sessions.get, displayId ? { displayId, ...owner } : "skip");
  const location = useLocation();
  const justCreated = Boolean((location.state as ConversationLocationState)?.pendingText);
  const boundary = useHistoryBoundary(displayId, justCreated);
  const models = useModels();
  const [searchParams, setSearchParams] = useSearchParams();
  const archivedOpen = searchParams.get(ARCHIVED_VIEW_PARAM) === "archived";

  const title = !displayId ? "New chat" : session === null ? "Not found" : session?.title;
  usePageTitle(title ?? "Chat");

  return (
    <ModelsContext.Provider value={models}>
    <div className="flex h-full min-h-0">
      <aside aria-label="Chat history" className="hidden w-72 shrink-0 border-r border-slate-200/80 bg-slate-50/70 md:block">
        <ChatSidebar activeDisplayId={displayId} />
      </aside>
      <PhoneHeaderTitle>
        <PhoneChatTitle title={title} />
        {member && session && <PhoneChatMenu session={session} />}
      </PhoneHeaderTitle>
      <PhoneDrawerContent>
        {(close) => (
          <div className="flex min-h-0 flex-1 flex-col bg-slate-50">
            <h2 className="px-5 pb-1 pt-3 text-[13px] font-semibold text-slate-500">Chats</h2>
            <div className="min-h-0 flex-1">
              <ChatSidebar activeDisplayId={displayId} onNavigate={close} />
            </div>
          </div>
        )}
      </PhoneDrawerContent>

      <section className="flex min-w-0 flex-1 flex-col" aria-label="Chat">
        <ChatHeader title={title} displayId={session?.displayId}>
          {member && session && <ChatInstructionsButton session={session} />}
          {session && <ChatInfo session={session} />}
          {member && session && <ChatActionsMenu session={session} />}
        </ChatHeader>
        {!displayId ? (
          <NewChat />
        ) : session === null ? (
          <SessionNotFound displayId={displayId} />
        ) : session === undefined || boundary === undefined ? (
          <ConversationLoading />
        ) : (
          <Conversation key={session._id} session={session} boundary={boundary} />
        )}
      </section>
      <ArchivedChatsDialog
        open={member && archivedOpen}
        onOpenChange={(open) =>
          !open &&
          setSearchParams(
            (params) => {
              params.delete(ARCHIVED_VIEW_PARAM);
              return params;
            },
            { replace: true },
          )
        }
      />
    </div>
    </ModelsContext.Provider>
  );
}
