import { useMutation } from "convex/react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { useCreditGuard } from "@/components/credits/use-credit-guard";
import { usePremiumGuard } from "@/components/models/premium-guard";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { COMPOSER_ID, MESSAGE_COST, SEND_ACTION_LABEL } from "../lib/constants";
import { rememberSentText, TAB_ID } from "../lib/message-texts";
import { addOptimisticTurn } from "../lib/optimistic";
import { useOwnerArgs } from "@/lib/viewer";

/** A dismissed credits dialog hands focus back to the message box, where the text waits. */
const BACK_TO_COMPOSER = { returnFocus: () => document.getElementById(COMPOSER_ID) };

export type SendResult = { sessionId: Id<"chatSessions">; displayId: string };

/**
 * Sending a message: credit pre-check, an idempotency key per attempt, the
 * optimistic bubbles, and errors turned into the dialog or a toast.
 */
export function useSendMessage() {
  const guard = useCreditGuard();
  const premium = usePremiumGuard();
  const [sending, setSending] = useState(false);
  // The same draft re-sent after a failure reuses its key, so if the first
  // attempt did reach the server the retry cannot charge twice.
  const attempt = useRef<{ text: string; id: string } | null>(null);

  const send = useMutation(api.chat.messages.send).withOptimisticUpdate(addOptimisticTurn);
  const owner = useOwnerArgs();

  /** False (and the dialog open) when the balance can't cover a message. */
  const canSend = () => guard.ensureCredits(MESSAGE_COST, SEND_ACTION_LABEL, BACK_TO_COMPOSER);

  async function sendMessage(args: {
    sessionId?: Id<"chatSessions">;
    text: string;
    includeContext: boolean;
    modelId?: string;
    /** Switches the chat to a standard model (the premium-limit dialog offers it). */
    onUseStandard?: (modelId: string) => void;
  }): Promise<SendResult | null> {
    const { onUseStandard, ...sendArgs } = args;
    const id = attempt.current?.text === args.text ? attempt.current.id : crypto.randomUUID();
    attempt.current = { text: args.text, id };
    // This tab has the text: the server's copy of the message need not bring it back.
    rememberSentText(id, args.text);
    setSending(true);
    try {
      const result = await send({ ...sendArgs, clientRequestId: id, tab: TAB_ID, ...owner });
      attempt.current = null;
      return result;
    } catch (error) {
      if (
        !guard.handleCreditError(error, SEND_ACTION_LABEL, BACK_TO_COMPOSER) &&
        !premium.handlePremiumError(error, onUseStandard)
      ) {
        toast.error("Message not sent", { description: errorMessage(error) });
      }
      return null;
    } finally {
      setSending(false);
    }
  }

  return { canSend, sendMessage, sending };
}
