import { useState } from "react";
import { clearAllDrafts, readDraft, writeDraft } from "@/lib/drafts";
import { usePremiumGuard } from "@/components/models/premium-guard";
import type { ModelOption } from "@/components/models/use-models";
import type { Id } from "../../../../convex/_generated/dataModel";
import { MAX_MESSAGE_LENGTH } from "../lib/constants";
import { useSendMessage, type SendResult } from "./use-send-message";

/** Forget every unsent draft (tests; signing out). */
export const clearDrafts = clearAllDrafts;

type Options = {
  sessionId?: Id<"chatSessions">;
  includeContext: boolean;
  /** The picked model (sent with the message); unset: the server's choice. */
  model?: ModelOption;
  /** Switches to another model (the premium-limit dialog's "Use <standard model>"). */
  onModelChange?: (modelId: string) => void;
  onSent?: (result: SendResult, text: string) => void;
};

/** The input box's state and its send action. A failed send puts the text back. */
export function useComposer({ sessionId, includeContext, model, onModelChange, onSent }: Options) {
  const draftKey = sessionId ?? "new";
  // Kept per chat across chats, reloads and a trip to checkout (src/lib/drafts.ts).
  const [value, setValueState] = useState(() => readDraft(draftKey));
  const [pending, setPending] = useState<string | null>(null);
  const { canSend, sendMessage, sending } = useSendMessage();
  const premium = usePremiumGuard();

  function setValue(next: string) {
    writeDraft(draftKey, next);
    setValueState(next);
  }

  async function submit(text = value) {
    if (!text.trim() || text.length > MAX_MESSAGE_LENGTH || sending) return;
    if (!canSend() || !premium.ensurePremium(model, onModelChange)) {
      // The dialog explains why; whatever was about to be sent stays in the box.
      setValue(text);
      return;
    }
    setValue("");
    setPending(text);
    const result = await sendMessage({ sessionId, text, includeContext, modelId: model?.id, onUseStandard: onModelChange });
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
