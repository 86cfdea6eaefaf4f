import { ArchiveRestore } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useArchive } from "../hooks/use-archive";
import type { SessionDetail } from "../lib/types";
import { ComposerFrame } from "./composer-frame";

/** In place of the composer while a chat is archived, as ChatGPT does: restore it to continue. */
export function ArchivedNotice({ session }: { session: SessionDetail }) {
  const { unarchive } = useArchive();
  return (
    <ComposerFrame>
      <div
        role="status"
        className="flex flex-col items-center gap-3 rounded-2xl border border-slate-200 bg-slate-50 px-4 py-3 text-center text-sm text-slate-600 sm:flex-row sm:text-left"
      >
        <span className="flex-1">This chat is archived. Unarchive it to keep chatting.</span>
        <Button variant="secondary" size="sm" onClick={() => void unarchive(session)}>
          <ArchiveRestore aria-hidden /> Unarchive
        </Button>
      </div>
    </ComposerFrame>
  );
}
