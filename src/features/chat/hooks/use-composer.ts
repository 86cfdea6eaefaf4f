import { useState } from "react";
import { clearAllDrafts, readDraft, writeDraft } from "@/lib/drafts";
import type { Id } from "../../../../convex/_generated/dataModel";
import { MAX_MESSAGE_LENGTH } from "../lib/constants";
import { useSendMessage, type SendResult } from "./use-send-message";

/** Forget every unsent draft (tests; signing out). */
export const clearDrafts = clearAllDrafts;

type Options = {
  sessionId?: Id<"chatSessions">;
  includeContext: boolean;
  onSent?: (result: SendResult, text: string) => void;
};

/** The input box's state and its send action. A failed send puts the text back. */
export function useComposer({ sessionId, includeContext, onSent }: Options) {
  const draftKey = sessionId ?? "new";
  // Kept per chat across chats, reloads and a trip to checkout (src/lib/drafts.ts).
  const [value, setValueState] = useState(() => readDraft(draftKey));
  const [pending, setPending] = useState<string | null>(null);
  const { canSend, sendMessage, sending } = useSendMessage();

  function setValue(next: string) {
    writeDraft(draftKey, next);
    setValueState(next);
  }

  async function submit(text = value) {
    if (!text.trim() || text.length > MAX_MESSAGE_LENGTH || sending) return;
    if (!canSend()) {
      // The dialog explains why; whatever was about to be sent stays in the box.
      setValue(text);
      return;
    }
    setValue("");
    setPending(text);
    const result = await sendMessage({ sessionId, text, includeContext });
    setPending(null);
    if (result) {
      writeDraft(draftKey, "");
      onSent?.(result, text);
    } else {
      // Put the message back unless the user already started a new one.
      setValueState((current) => {
        const restored = current.trim() ? current : text;
        writeDraft(draftKey, restored);
        return restored;
      });
    }
  }

  return { value, setValue, submit, sending, pending };
}
