import { useQuery } from "convex/react";
import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useComposerAllowance } from "@/components/allowance/use-composer-allowance";
import { useBalance } from "@/components/credits/balance";
import { api } from "../../../../convex/_generated/api";
import { useChatModel } from "../hooks/use-chat-model";
import { useComposer } from "../hooks/use-composer";
import { placeholderTurn } from "../lib/optimistic";
import { prefersAutoFocus } from "../lib/prefers-auto-focus";
import { ChatModelPicker } from "./chat-model-picker";
import { ChatInput } from "./chat-input";
import { ComposerFrame } from "./composer-frame";
import type { ConversationLocationState } from "./conversation";
import { EmptyState } from "./empty-state";
import { preloadMarkdown } from "./markdown";
import { MessageList } from "./message-list";

/** /chat: the empty state; the first message creates the chat and opens it. */
export function NewChat() {
  const navigate = useNavigate();
  const me = useQuery(api.users.me);
  const balance = useBalance();
  const [includeContext, setIncludeContext] = useState(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const allowance = useComposerAllowance();
  const chatModel = useChatModel();
  const composer = useComposer({
    includeContext,
    model: chatModel.model,
    onModelChange: (modelId) => void chatModel.change(modelId),
    onSent: ({ displayId }, text) => {
      const state: ConversationLocationState = { pendingText: text };
      navigate(`/chat/${displayId}`, { state });
    },
  });

  useEffect(preloadMarkdown, []);

  return (
    <>
      {composer.pending ? (
        <MessageList
          messages={placeholderTurn(composer.pending)}
          canLoadOlder={false}
          loadingOlder={false}
          onLoadOlder={() => {}}
          onRetry={() => {}}
        />
      ) : (
        <div className="min-h-0 flex-1 overflow-y-auto">
          <EmptyState
            name={me?.name}
            balance={balance}
            guestLimit={allowance.guestLimit}
            disabled={composer.sending}
            onPickPrompt={(prompt) => {
              composer.setValue(prompt);
              void composer.submit(prompt);
              inputRef.current?.focus();
            }}
          />
        </div>
      )}
      <ComposerFrame>
        {allowance.notice}
        <ChatInput
          value={composer.value}
          onChange={composer.setValue}
          onSubmit={() => void composer.submit()}
          sending={composer.sending}
          unlimited={balance?.unlimited}
          includeContext={includeContext}
          onIncludeContextChange={setIncludeContext}
          textareaRef={inputRef}
          autoFocus={prefersAutoFocus()}
          modelPicker={<ChatModelPicker chatModel={chatModel} premium={balance?.premium} />}
          cost={allowance.cost}
          contextToggle={allowance.contextToggle}
        />
      </ComposerFrame>
    </>
  );
}
