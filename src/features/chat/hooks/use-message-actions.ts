import { useMutation } from "convex/react";
import { createContext, useContext, useLayoutEffect, useMemo, useRef } from "react";
import { toast } from "sonner";
import { useCreditGuard } from "@/components/credits/use-credit-guard";
import { usePremiumGuard } from "@/components/models/premium-guard";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { copyText } from "../lib/copy-text";
import { MESSAGE_COST } from "../lib/constants";
import { rememberSentText } from "../lib/message-texts";

type MessageId = Id<"chatMessages">;

export type MessageActions = {
  copy: (text: string) => Promise<void>;
  /** Each paid action resolves true once the server accepted it. */
  regenerate: (messageId: MessageId) => Promise<boolean>;
  continueReply: (messageId: MessageId) => Promise<boolean>;
  edit: (messageId: MessageId, text: string) => Promise<boolean>;
  showVersion: (messageId: MessageId, version: number) => Promise<void>;
  /** An archived chat: nothing new can be written (no edit, regenerate or continue); copy and versions stay. */
  readOnly?: boolean;
};

/** Given to the message list once, so memoised rows need no callbacks of their own. */
export const MessageActionsContext = createContext<MessageActions | null>(null);

export function useMessageActionsContext(): MessageActions | null {
  return useContext(MessageActionsContext);
}

/**
 * Copy, regenerate, edit, continue and version switching. The paid ones
 * check the balance first and send one request key per click (a retried
 * request never charges twice; the server refuses a second click on a
 * message the first one already replaced).
 */
export function useMessageActions(): MessageActions {
  const regenerate = useMutation(api.chat.versions.regenerate);
  const continueReply = useMutation(api.chat.versions.continueReply);
  const edit = useMutation(api.chat.versions.edit);
  const show = useMutation(api.chat.versions.show);
  const credit = useCreditGuard();
  const premium = usePremiumGuard();
  // The guards are new objects each render; the actions stay the same object, so rows don't re-render.
  const guards = useRef({ credit, premium });
  useLayoutEffect(() => {
    guards.current = { credit, premium };
  });

  return useMemo(() => {
    async function paid(label: string, run: (clientRequestId: string) => Promise<unknown>): Promise<boolean> {
      const { credit, premium } = guards.current;
      if (!credit.ensureCredits(MESSAGE_COST, label)) return false;
      const clientRequestId = crypto.randomUUID();
      try {
        await run(clientRequestId);
        return true;
      } catch (error) {
        if (!credit.handleCreditError(error, label) && !premium.handlePremiumError(error)) {
          toast.error(`${label} failed`, { description: errorMessage(error) });
        }
        return false;
      }
    }
    return {
      copy: async (text) => {
        if (await copyText(text)) toast.success("Copied as Markdown");
        else toast.error("Couldn't copy", { description: "Your browser did not allow it." });
      },
      regenerate: (messageId) =>
        paid("Regenerating a reply", (clientRequestId) => regenerate({ messageId, clientRequestId })),
      continueReply: (messageId) =>
        paid("Continuing a reply", (clientRequestId) => continueReply({ messageId, clientRequestId })),
      edit: (messageId, text) =>
        paid("Editing a message", (clientRequestId) => {
          // This tab has the new text: the server's copy need not bring it back.
          rememberSentText(clientRequestId, text);
          return edit({ messageId, text, clientRequestId });
        }),
      showVersion: async (messageId, version) => {
        try {
          await show({ messageId, version });
        } catch (error) {
          toast.error("Couldn't switch versions", { description: errorMessage(error) });
        }
      },
    };
  }, [regenerate, continueReply, edit, show]);
}
