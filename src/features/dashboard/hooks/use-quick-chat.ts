import { useMutation } from "convex/react";
import { useRef, useState } from "react";
import { useNavigate } from "react-router";
import { toast } from "sonner";
import { useCreditGuard } from "@/components/credits/use-credit-guard";
import { usePremiumGuard } from "@/components/models/premium-guard";
import type { ModelOption } from "@/components/models/use-models";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import { MESSAGE_ACTION, MESSAGE_COST } from "../lib/costs";

/**
 * Starts a new chat with the typed text and opens it. The same text re-sent
 * after a failure reuses its request key, so a send that did reach the server
 * is never charged twice. Resolves false when nothing was sent (the caller
 * keeps the text in the box).
 */
const BACK_TO_INPUT = { returnFocus: () => document.getElementById("quick-chat-input") };

export function useQuickChat() {
  const guard = useCreditGuard();
  const premium = usePremiumGuard();
  const navigate = useNavigate();
  const send = useMutation(api.chat.messages.send);
  const [sending, setSending] = useState(false);
  const attempt = useRef<{ text: string; id: string } | null>(null);

  /** `onUseStandard`: switches the default to a standard model (the premium-limit dialog offers it). */
  async function start(
    raw: string,
    includeContext: boolean,
    model?: { option?: ModelOption; onUseStandard?: (modelId: string) => void },
  ): Promise<boolean> {
    const text = raw.trim();
    if (text === "" || sending) return false;
    if (!guard.ensureCredits(MESSAGE_COST, MESSAGE_ACTION, BACK_TO_INPUT)) return false;
    if (!premium.ensurePremium(model?.option, model?.onUseStandard)) return false;
    const id = attempt.current?.text === text ? attempt.current.id : crypto.randomUUID();
    attempt.current = { text, id };
    setSending(true);
    try {
      const { displayId } = await send({
        text,
        clientRequestId: id,
        includeContext,
        ...(model?.option ? { modelId: model.option.id } : {}),
      });
      attempt.current = null;
      navigate(`/chat/${displayId}`);
      return true;
    } catch (error) {
      if (
        !guard.handleCreditError(error, MESSAGE_ACTION, BACK_TO_INPUT) &&
        !premium.handlePremiumError(error, model?.onUseStandard)
      ) {
        toast.error("Message not sent", { description: errorMessage(error) });
      }
      return false;
    } finally {
      setSending(false);
    }
  }

  return { start, sending };
}
