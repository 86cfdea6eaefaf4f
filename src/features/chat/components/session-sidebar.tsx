import { Plus } from "lucide-react";
import { useEffect, useRef, type ReactNode } from "react";
import { Link } from "react-router";
import { buttonClasses } from "@/components/ui/button";
import { Skeleton, Spinner } from "@/components/ui/spinner";
import { groupSessions } from "../lib/group-sessions";
import type { ChatSession } from "../lib/types";
import { SessionItem } from "./session-item";

export type SessionSidebarProps = {
  sessions: ChatSession[];
  status: "LoadingFirstPage" | "CanLoadMore" | "LoadingMore" | "Exhausted";
  onLoadMore: () => void;
  activeDisplayId?: string;
  /** Called after picking a chat or starting a new one (closes the phone drawer). */
  onNavigate?: () => void;
  onRename: (session: ChatSession, title: string) => void;
  onDelete: (session: ChatSession) => void;
  onArchive?: (session: ChatSession) => void;
  /** Below the list (the Archived chats entry). */
  footer?: ReactNode;
};

/** The chat list: New Chat, date-grouped sessions, more loaded on scroll. */
export function SessionSidebar({
  sessions,
  status,
  onLoadMore,
  activeDisplayId,
  onNavigate,
  onRename,
  onDelete,
  onArchive,
  footer,
}: SessionSidebarProps) {
  const sentinel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || status !== "CanLoadMore") return;
    const observer = new IntersectionObserver(([entry]) => entry.isIntersecting && onLoadMore(), {
      rootMargin: "0px 0px 160px 0px",
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [status, onLoadMore]);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="p-3">
        <Link
          to="/chat"
          onClick={onNavigate}
          className={buttonClasses("secondary", "md", "h-11 w-full justify-start gap-2.5 rounded-xl md:h-10")}
        >
          <Plus aria-hidden /> New chat
        </Link>
      </div>
      <nav aria-label="Chats" className="min-h-0 flex-1 overflow-y-auto px-3 pb-4">
        {status === "LoadingFirstPage" ? (
          <div className="space-y-2 px-1 pt-2">
            {[80, 65, 72, 50].map((w) => (
              <Skeleton key={w} className="h-5" />
            ))}
          </div>
        ) : sessions.length === 0 ? (
          <p className="px-3 pt-3 text-sm leading-6 text-slate-500">
            No chats yet. Your conversations will appear here.
          </p>
        ) : (
          groupSessions(sessions).map((group) => (
            <section key={group.label} className="mt-3 first:mt-0">
              <h3 className="px-3 pb-1 pt-2 text-xs font-medium text-slate-500">{group.label}</h3>
              <ul className="space-y-0.5">
                {group.sessions.map((session) => (
                  <SessionItem
                    key={session._id}
                    session={session}
                    active={session.displayId === activeDisplayId}
                    onSelect={onNavigate}
                    onRename={(title) => onRename(session, title)}
                    onDelete={() => onDelete(session)}
                    onArchive={onArchive ? () => onArchive(session) : undefined}
                  />
                ))}
              </ul>
            </section>
          ))
        )}
        <div ref={sentinel} aria-hidden className="h-px" />
        {status === "LoadingMore" && (
          <div className="flex justify-center py-3 text-slate-400">
            <Spinner label="Loading more chats" />
          </div>
        )}
        {status === "CanLoadMore" && (
          // Also reachable without scrolling (keyboard, very tall screens).
          <button
            type="button"
            onClick={onLoadMore}
            className="mt-2 h-9 w-full rounded-lg text-xs font-medium text-slate-500 hover:bg-slate-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
          >
            Load older chats
          </button>
        )}
      </nav>
      {footer}
    </div>
  );
}
