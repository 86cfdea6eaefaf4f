import { useMutation, useQuery } from "convex/react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import { InstructionsField } from "./instructions-field";

/**
 * The user's custom instructions, sent with every chat reply: what Helm
 * should know about them and how it should answer.
 */
export function CustomInstructionsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const saved = useQuery(api.chat.instructions.get, open ? {} : "skip");
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {open && (
        <DialogContent
          title="Custom instructions"
          description="Helm reads these before every reply, in every chat. Leave both empty to turn them off."
          className="max-w-lg"
        >
          {saved ? (
            <CustomInstructionsForm saved={saved} onDone={() => onOpenChange(false)} />
          ) : (
            <div className="mt-4 h-64 animate-pulse rounded-xl bg-slate-100" aria-busy="true" aria-label="Loading" />
          )}
        </DialogContent>
      )}
    </Dialog>
  );
}

type Saved = { about: string; style: string; limits: { about: number; style: number } };

function CustomInstructionsForm({ saved, onDone }: { saved: Saved; onDone: () => void }) {
  const [about, setAbout] = useState(saved.about);
  const [style, setStyle] = useState(saved.style);
  const [busy, setBusy] = useState(false);
  const save = useMutation(api.chat.instructions.set);
  const tooLong = about.trim().length > saved.limits.about || style.trim().length > saved.limits.style;

  async function submit() {
    setBusy(true);
    try {
      await save({ about, style });
      toast.success(about.trim() || style.trim() ? "Custom instructions saved" : "Custom instructions turned off");
      onDone();
    } catch (error) {
      toast.error("Couldn't save the instructions", { description: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="mt-4 space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <InstructionsField
        id="instructions-about"
        label="What should Helm know about you?"
        hint="Your work, your interests, what you're planning."
        placeholder="I run a small bakery and plan our weekly orders in Helm."
        value={about}
        max={saved.limits.about}
        onChange={setAbout}
        autoFocus
      />
      <InstructionsField
        id="instructions-style"
        label="How should Helm answer?"
        hint="Tone, length, format."
        placeholder="Short answers with bullet points. Metric units."
        value={style}
        max={saved.limits.style}
        onChange={setStyle}
      />
      <DialogFooter>
        <Button variant="secondary" onClick={onDone} disabled={busy}>
          Cancel
        </Button>
        <Button type="submit" variant="accent" disabled={busy || tooLong}>
          {busy ? "Saving…" : "Save"}
        </Button>
      </DialogFooter>
    </form>
  );
}
