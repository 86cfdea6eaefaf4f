import { useMutation, useQuery } from "convex/react";
import { ScrollText } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { cn } from "@/lib/cn";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import type { SessionDetail } from "../lib/types";
import { CustomInstructionsDialog } from "./custom-instructions-dialog";
import { InstructionsField } from "./instructions-field";

const CHAT_LIMIT = 3000;

/**
 * The chat header's instructions button: lit when instructions apply to
 * this chat (its own, or the user's custom ones), opening the chat's own
 * instructions with the user's shown beside them.
 */
export function ChatInstructionsButton({ session, className }: { session: SessionDetail; className?: string }) {
  const [open, setOpen] = useState(false);
  const active = useInstructionsActive(session);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={active ? "Instructions (on for this chat)" : "Instructions"}
        data-testid="chat-instructions-button"
        className={cn(
          "relative grid size-11 shrink-0 place-items-center rounded-lg hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 md:size-9",
          active ? "text-blue-600" : "text-slate-500",
          className,
        )}
      >
        <ScrollText className="size-[18px]" aria-hidden />
        {active && <span aria-hidden className="absolute right-2 top-2 size-1.5 rounded-full bg-blue-600 md:right-1.5 md:top-1.5" />}
      </button>
      <ChatInstructionsDialog session={session} open={open} onOpenChange={setOpen} />
    </>
  );
}

/** Whether instructions apply to this chat: its own, or the user's custom ones. */
export function useInstructionsActive(session: SessionDetail): boolean {
  const custom = useQuery(api.chat.instructions.get);
  return Boolean(session.instructions) || Boolean(custom && (custom.about || custom.style));
}

/** The chat's own instructions, with the user's custom ones shown beside them (the header button, or the phone's chat menu). */
export function ChatInstructionsDialog({
  session,
  open,
  onOpenChange,
}: {
  session: SessionDetail;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [editingCustom, setEditingCustom] = useState(false);
  const custom = useQuery(api.chat.instructions.get);
  return (
    <>
      <Dialog open={open} onOpenChange={onOpenChange}>
        {open && (
          <DialogContent
            title="Instructions for this chat"
            description="Helm follows these in this chat only, on top of your custom instructions."
            className="max-w-lg"
          >
            <ChatInstructionsForm
              session={session}
              custom={custom}
              onDone={() => onOpenChange(false)}
              onEditCustom={() => {
                onOpenChange(false);
                setEditingCustom(true);
              }}
            />
          </DialogContent>
        )}
      </Dialog>
      <CustomInstructionsDialog open={editingCustom} onOpenChange={setEditingCustom} />
    </>
  );
}

type Custom = { about: string; style: string } | undefined;

function ChatInstructionsForm({
  session,
  custom,
  onDone,
  onEditCustom,
}: {
  session: SessionDetail;
  custom: Custom;
  onDone: () => void;
  onEditCustom: () => void;
}) {
  const [text, setText] = useState(session.instructions ?? "");
  const [busy, setBusy] = useState(false);
  const save = useMutation(api.chat.instructions.setForChat);

  async function submit() {
    setBusy(true);
    try {
      await save({ sessionId: session._id, instructions: text });
      toast.success(text.trim() ? "Chat instructions saved" : "Chat instructions removed");
      onDone();
    } catch (error) {
      toast.error("Couldn't save the instructions", { description: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  const summary = custom ? [custom.about, custom.style].filter(Boolean).join(" · ") : "";
  return (
    <form
      className="mt-4 space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <InstructionsField
        id="chat-instructions"
        label="Instructions"
        placeholder="Answer as a project manager. Keep each reply under 100 words."
        value={text}
        max={CHAT_LIMIT}
        onChange={setText}
        rows={5}
        autoFocus
      />
      <div className="rounded-xl border border-slate-200 bg-slate-50 px-3 py-2.5 text-sm" data-testid="custom-instructions-summary">
        <div className="flex items-center justify-between gap-3">
          <p className="font-medium text-slate-900">Your custom instructions</p>
          <Button variant="ghost" size="sm" onClick={onEditCustom}>
            Edit
          </Button>
        </div>
        <p className="mt-0.5 line-clamp-3 text-slate-600">
          {custom === undefined ? "…" : summary || "None. They apply to every chat when set."}
        </p>
      </div>
      <DialogFooter>
        <Button variant="secondary" onClick={onDone} disabled={busy}>
          Cancel
        </Button>
        <Button type="submit" variant="accent" disabled={busy || text.trim().length > CHAT_LIMIT}>
          {busy ? "Saving…" : "Save"}
        </Button>
      </DialogFooter>
    </form>
  );
}
