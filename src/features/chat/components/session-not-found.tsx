import { MessageSquareOff, Plus } from "lucide-react";
import { Link } from "react-router";
import { buttonClasses } from "@/components/ui/button";
import { NoticePanel } from "@/components/ui/notice-panel";

/** Unknown, deleted or someone else's chat: all look the same, on purpose. */
export function SessionNotFound({ displayId }: { displayId: string }) {
  return (
    <NoticePanel
      icon={MessageSquareOff}
      title="Chat not found"
      action={
        <Link to="/chat" className={buttonClasses("primary", "md")}>
          <Plus aria-hidden /> Start a new chat
        </Link>
      }
    >
      We couldn't find <span className="font-mono text-[13px] text-slate-800">{displayId}</span>. It may have been
      deleted, or it belongs to another account.
    </NoticePanel>
  );
}
