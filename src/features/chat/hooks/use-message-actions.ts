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
import { rememberSentText, TAB_ID } from "../lib/message-texts";

type MessageId = Id<"chatMessages">;
export type VersionButton = "previous" | "next";

/** A hand-over not taken by then is stale (the switch failed or showed nothing new). */
const HANDOFF_MS = 5_000;

export type MessageActions = {
  copy: (text: string) => Promise<void>;
  /** Each paid action resolves true once the server accepted it. */
  regenerate: (messageId: MessageId) => Promise<boolean>;
  continueReply: (messageId: MessageId) => Promise<boolean>;
  edit: (messageId: MessageId, text: string) => Promise<boolean>;
  showVersion: (messageId: MessageId, version: number) => Promise<void>;
  /**
   * Keyboard focus across a version switch: the version shown next is a
   * different message, so its row mounts anew. The switcher that had focus
   * hands it over by the row's place in the chat (`slot`), and the switcher
   * mounting there takes it, on the same button.
   */
  handOffFocus: (slot: string, button: VersionButton) => void;
  takeFocus: (slot: string) => VersionButton | null;
  /** An archived chat: nothing new can be written (no edit, regenerate or continue); copy and versions stay. */
  readOnly?: boolean;
};

/** Given to the message list once, so memoised rows need no callbacks of their own. */
export const MessageActionsContext = createContext<MessageActions | null>(null);

export function useMessageActionsContext(): MessageActions | null {
  return useContext(MessageActionsContext);
}

/**
 * True while a reply of the open chat is being written. Every message on
 * the path is above it, and the server refuses to switch or edit a version
 * whose branch is still streaming (model/chat/tree.ts), so those wait. Its
 * own context: only the action bars re-render when it flips, not the rows.
 */
export const ChatReplyingContext = createContext(false);

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
          return edit({ messageId, text, clientRequestId, tab: TAB_ID });
        }),
      showVersion: async (messageId, version) => {
        try {
          await show({ messageId, version });
        } catch (error) {
          toast.error("Couldn't switch versions", { description: errorMessage(error) });
        }
      },
      ...focusHandoff(),
    };
  }, [regenerate, continueReply, edit, show]);
}

/** The focus hand-over between the version switchers of one chat (see `MessageActions.handOffFocus`). */
export function focusHandoff(): Pick<MessageActions, "handOffFocus" | "takeFocus"> {
  let handoff: { slot: string; button: VersionButton; at: number } | null = null;
  return {
    handOffFocus: (slot, button) => {
      handoff = { slot, button, at: Date.now() };
    },
    takeFocus: (slot) => {
      const taken = handoff;
      if (!taken || taken.slot !== slot) return null;
      handoff = null;
      return Date.now() - taken.at < HANDOFF_MS ? taken.button : null;
    },
  };
}
