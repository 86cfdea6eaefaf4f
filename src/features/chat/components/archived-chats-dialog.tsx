import { useMutation, usePaginatedQuery } from "convex/react";
import { Archive, ArchiveRestore, Download, Trash2 } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { toast } from "sonner";
import { useExportMyData } from "@/components/data-export/use-export-my-data";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import { useArchive } from "../hooks/use-archive";

const PAGE_SIZE = 20;

type Confirming = "archiveAll" | "deleteAll" | null;

/** The Archived view: archived chats (open, restore) and the user's data (archive all, delete all, export). */
export function ArchivedChatsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const [confirming, setConfirming] = useState<Confirming>(null);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setConfirming(null);
        onOpenChange(next);
      }}
    >
      {open && (
        <DialogContent
          title={confirming === "deleteAll" ? "Delete all chats?" : confirming === "archiveAll" ? "Archive all chats?" : "Archived chats"}
          description={
            confirming === "deleteAll"
              ? "Every chat you have, archived or not, and all their messages will be permanently deleted. This can't be undone."
              : confirming === "archiveAll"
                ? "Every chat leaves the sidebar and Quick Chat. You can restore them here at any time."
                : "Archived chats stay out of the sidebar and Quick Chat. Search still finds them."
          }
          className="max-w-lg"
        >
          {confirming ? (
            <ConfirmStep kind={confirming} onDone={() => setConfirming(null)} onClose={() => onOpenChange(false)} />
          ) : (
            <>
              <ArchivedList onOpen={() => onOpenChange(false)} />
              <DataActions onConfirm={setConfirming} />
            </>
          )}
        </DialogContent>
      )}
    </Dialog>
  );
}

function ArchivedList({ onOpen }: { onOpen: () => void }) {
  const { results, status, loadMore } = usePaginatedQuery(api.chat.archive.listArchived, {}, { initialNumItems: PAGE_SIZE });
  const { unarchive } = useArchive();
  if (status === "LoadingFirstPage") {
    return (
      <div className="mt-5 space-y-2" aria-busy="true">
        <Skeleton className="h-9" />
        <Skeleton className="h-9" />
      </div>
    );
  }
  if (results.length === 0) {
    return <p className="mt-5 rounded-xl bg-slate-50 px-4 py-6 text-center text-sm text-slate-500">No archived chats.</p>;
  }
  return (
    <div className="mt-5 max-h-72 overflow-y-auto rounded-xl border border-slate-200">
      <ul aria-label="Archived chats" className="divide-y divide-slate-100">
        {results.map((session) => (
          <li key={session._id} className="flex items-center gap-2 px-3 py-1.5">
            <Link
              to={`/chat/${session.displayId}`}
              onClick={onOpen}
              className="min-w-0 flex-1 truncate rounded-md py-1.5 text-sm text-slate-800 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
            >
              {session.title}
            </Link>
            <span className="hidden shrink-0 text-xs text-slate-400 sm:inline">
              {new Date(session.archivedAt).toLocaleDateString(undefined, { month: "short", day: "numeric" })}
            </span>
            <Button variant="ghost" size="sm" onClick={() => void unarchive(session)} aria-label={`Restore ${session.title}`}>
              <ArchiveRestore aria-hidden /> Restore
            </Button>
          </li>
        ))}
      </ul>
      {status === "CanLoadMore" && (
        <button
          type="button"
          onClick={() => loadMore(PAGE_SIZE)}
          className="h-9 w-full border-t border-slate-100 text-xs font-medium text-slate-500 hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-blue-500"
        >
          Show more
        </button>
      )}
    </div>
  );
}

function DataActions({ onConfirm }: { onConfirm: (kind: Confirming) => void }) {
  const exporter = useExportMyData();
  return (
    <section aria-labelledby="your-data" className="mt-6 border-t border-slate-100 pt-4">
      <h3 id="your-data" className="text-sm font-semibold text-slate-900">
        Your data
      </h3>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="secondary" size="sm" onClick={() => void exporter.run()} disabled={exporter.progress !== null}>
          <Download aria-hidden />
          {exporter.progress ? `Exporting ${exporter.progress.table}… ${exporter.progress.rows.toLocaleString()}` : "Export my data"}
        </Button>
        <Button variant="secondary" size="sm" onClick={() => onConfirm("archiveAll")}>
          <Archive aria-hidden /> Archive all chats
        </Button>
        <Button variant="secondary" size="sm" className="text-red-600 hover:text-red-700" onClick={() => onConfirm("deleteAll")}>
          <Trash2 aria-hidden /> Delete all chats
        </Button>
      </div>
    </section>
  );
}

function ConfirmStep({ kind, onDone, onClose }: { kind: "archiveAll" | "deleteAll"; onDone: () => void; onClose: () => void }) {
  const archiveAll = useMutation(api.chat.archive.archiveAll);
  const deleteAll = useMutation(api.chat.archive.deleteAll);
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  async function confirm() {
    setBusy(true);
    try {
      if (kind === "deleteAll") {
        await deleteAll({});
        toast.success("All chats are being deleted");
        onClose();
        navigate("/chat", { replace: true });
      } else {
        await archiveAll({});
        toast.success("All chats archived");
        onDone();
      }
    } catch (error) {
      toast.error(kind === "deleteAll" ? "Couldn't delete your chats" : "Couldn't archive your chats", {
        description: errorMessage(error),
      });
    } finally {
      setBusy(false);
    }
  }
  return (
    <DialogFooter>
      <Button variant="secondary" onClick={onDone} disabled={busy}>
        Cancel
      </Button>
      <Button variant={kind === "deleteAll" ? "danger" : "primary"} onClick={() => void confirm()} disabled={busy}>
        {kind === "deleteAll" ? (busy ? "Deleting…" : "Delete all chats") : busy ? "Archiving…" : "Archive all chats"}
      </Button>
    </DialogFooter>
  );
}
