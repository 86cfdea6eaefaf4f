import { Archive, ArchiveRestore, Ellipsis, FileJson, FileText } from "lucide-react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { useArchive } from "../hooks/use-archive";
import { useChatExport } from "../hooks/use-chat-export";
import type { SessionDetail } from "../lib/types";

/** The open chat's menu (header on desktop, top bar on a phone): archive or restore, export. */
export function ChatActionsMenu({ session, className }: { session: SessionDetail; className?: string }) {
  const { archive, unarchive } = useArchive();
  const { exportChat, busy } = useChatExport();
  const archived = session.archivedAt !== undefined;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label="Chat options"
        data-testid="chat-options"
        className={cn(buttonClasses("ghost", "icon-sm"), "data-[state=open]:bg-slate-100", className)}
      >
        <Ellipsis aria-hidden />
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        {archived ? (
          <DropdownMenuItem onSelect={() => void unarchive(session)}>
            <ArchiveRestore aria-hidden /> Unarchive
          </DropdownMenuItem>
        ) : (
          <DropdownMenuItem onSelect={() => void archive(session)}>
            <Archive aria-hidden /> Archive
          </DropdownMenuItem>
        )}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void exportChat(session._id, "markdown")}>
          <FileText aria-hidden /> {busy ? "Exporting…" : "Export as Markdown"}
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => void exportChat(session._id, "json")}>
          <FileJson aria-hidden /> Export as JSON
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
