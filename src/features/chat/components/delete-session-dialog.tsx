import { Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";

type Props = {
  title: string | null;
  onCancel: () => void;
  onConfirm: () => Promise<void>;
  /** Where focus goes once the chat (and the menu button that opened this) is gone. */
  fallbackFocus?: () => HTMLElement | null;
};

export function DeleteSessionDialog({ title, onCancel, onConfirm, fallbackFocus }: Props) {
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog open={title !== null} onOpenChange={(open) => !open && !busy && onCancel()}>
      {title !== null && (
        <DialogContent
          title="Delete this chat?"
          returnFocus={(opener) => (opener?.isConnected ? opener : fallbackFocus?.())}
          icon={
            <span className="grid size-11 place-items-center rounded-full bg-red-50 text-red-600 ring-1 ring-red-200">
              <Trash2 className="size-5" aria-hidden />
            </span>
          }
          description={
            <>
              <span className="font-medium text-slate-900">“{title}”</span> and all of its messages will be
              permanently deleted. Credits already used are not returned.
            </>
          }
        >
          <DialogFooter>
            <Button variant="secondary" onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
            <Button variant="danger" onClick={confirm} disabled={busy}>
              {busy ? "Deleting…" : "Delete chat"}
            </Button>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}
