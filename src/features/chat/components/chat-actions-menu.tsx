import { Archive, ArchiveRestore, Ellipsis, FileJson, FileText, ScrollText } from "lucide-react";
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

/**
 * The open chat's menu (header on desktop, top bar on a phone): archive or
 * restore, export; on a phone also the chat's instructions (`onInstructions`),
 * which have no room of their own in the top bar.
 */
export function ChatActionsMenu({
  session,
  className,
  onInstructions,
  instructionsActive,
}: {
  session: SessionDetail;
  className?: string;
  onInstructions?: () => void;
  instructionsActive?: boolean;
}) {
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
        {onInstructions && (
          <>
            <DropdownMenuItem onSelect={onInstructions}>
              <ScrollText aria-hidden /> {instructionsActive ? "Instructions (on)" : "Instructions"}
            </DropdownMenuItem>
            <DropdownMenuSeparator />
          </>
        )}
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
