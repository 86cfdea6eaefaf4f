import { useMutation } from "convex/react";
import { useEffect, useMemo } from "react";
import { useLocation } from "react-router";
import { toast } from "sonner";
import { useComposerAllowance } from "@/components/allowance/use-composer-allowance";
import { useBalance } from "@/components/credits/balance";
import { Skeleton } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import { useComposer } from "../hooks/use-composer";
import { useChatModel } from "../hooks/use-chat-model";
import { useConversation } from "../hooks/use-conversation";
import { ChatReplyingContext, MessageActionsContext, useMessageActions } from "../hooks/use-message-actions";
import { useScrollToMessage } from "../hooks/use-scroll-to-message";
import { placeholderTurn } from "../lib/optimistic";
import { prefersAutoFocus } from "../lib/prefers-auto-focus";
import type { SessionDetail } from "../lib/types";
import { ChatModelPicker } from "./chat-model-picker";
import { ArchivedNotice } from "./archived-notice";
import { ChatInput } from "./chat-input";
import { preloadMarkdown } from "./markdown";
import { MessageList } from "./message-list";
import { ComposerFrame } from "./composer-frame";

/** Set by the new-chat screen so the first message shows while this page loads. */
export type ConversationLocationState = { pendingText?: string } | null;

/** An existing chat: its messages and the input box. */
export function Conversation({ session, boundary }: { session: SessionDetail; boundary: number }) {
  const { messages, loading, canLoadOlder, loadingOlder, loadOlder, streaming, stop, retry, retryingId } =
    useConversation(session._id, boundary);
  useScrollToMessage({ messages, loading, canLoadOlder, loadingOlder, loadOlder });
  const balance = useBalance();
  const archived = session.archivedAt !== undefined;
  const actions = useMessageActions();
  const messageActions = useMemo(() => (archived ? { ...actions, readOnly: true } : actions), [actions, archived]);
  const setIncludeContext = useMutation(api.chat.sessions.setIncludeContext).withOptimisticUpdate(
    (store, { sessionId, includeContext }) => {
      for (const { args, value } of store.getAllQueries(api.chat.sessions.get)) {
        if (value?._id === sessionId) store.setQuery(api.chat.sessions.get, args, { ...value, includeContext });
      }
    },
  );
  const allowance = useComposerAllowance();
  const chatModel = useChatModel(session);
  const composer = useComposer({
    sessionId: session._id,
    includeContext: session.includeContext,
    model: chatModel.model,
    onModelChange: (modelId) => void chatModel.change(modelId),
  });

  useEffect(preloadMarkdown, []);

  async function toggleContext(includeContext: boolean) {
    try {
      await setIncludeContext({ sessionId: session._id, includeContext });
    } catch (error) {
      toast.error("Couldn't change the setting", { description: errorMessage(error) });
    }
  }

  return (
    <>
      {loading ? (
        <ConversationLoading />
      ) : (
        <MessageActionsContext.Provider value={messageActions}>
          <ChatReplyingContext.Provider value={streaming !== undefined}>
          <MessageList
            messages={messages}
            canLoadOlder={canLoadOlder}
            loadingOlder={loadingOlder}
            onLoadOlder={loadOlder}
            onRetry={archived ? undefined : retry}
            retryingId={retryingId}
            followKey={composer.pending}
          />
          </ChatReplyingContext.Provider>
        </MessageActionsContext.Provider>
      )}
      {archived ? (
        <ArchivedNotice session={session} />
      ) : (
      <ComposerFrame>
        {allowance.notice}
        <ChatInput
          value={composer.value}
          onChange={composer.setValue}
          onSubmit={() => void composer.submit()}
          onStop={stop}
          sending={composer.sending}
          streaming={streaming !== undefined}
          unlimited={balance?.unlimited}
          includeContext={session.includeContext}
          onIncludeContextChange={toggleContext}
          autoFocus={prefersAutoFocus()}
          modelPicker={<ChatModelPicker chatModel={chatModel} premium={balance?.premium} />}
          cost={allowance.cost}
          contextToggle={allowance.contextToggle}
        />
      </ComposerFrame>
      )}
    </>
  );
}

/** While the chat or its messages load: the just-sent turn if there is one, else a skeleton. */
export function ConversationLoading() {
  const location = useLocation();
  const pendingText = (location.state as ConversationLocationState)?.pendingText;
  if (pendingText) {
    return (
      <MessageList
        messages={placeholderTurn(pendingText)}
        canLoadOlder={false}
        loadingOlder={false}
        onLoadOlder={() => {}}
        onRetry={() => {}}
      />
    );
  }
  return (
    <div className="mx-auto w-full max-w-3xl flex-1 space-y-6 px-4 pt-6 sm:px-6" aria-busy="true" aria-label="Loading messages">
      <Skeleton className="ml-auto h-10 w-2/5 rounded-3xl" />
      <Skeleton className="h-24 w-4/5 rounded-3xl" />
      <Skeleton className="ml-auto h-10 w-1/3 rounded-3xl" />
    </div>
  );
}
