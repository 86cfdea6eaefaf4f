import { PanelLeft, SquarePen } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { Button, buttonClasses } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/spinner";

type Props = {
  title: string | undefined;
  /** Shown next to the title: the chat's shareable id (its URL is /chat/<id>). */
  displayId?: string;
  onOpenSidebar: () => void;
  sidebarOpen: boolean;
  /** Shown after the title: the chat's model and info. */
  children?: ReactNode;
};

/** The chat column's top bar: phone drawer toggle, chat title, new chat. */
export function ChatHeader({ title, displayId, onOpenSidebar, sidebarOpen, children }: Props) {
  return (
    <div className="flex h-12 shrink-0 items-center gap-1 border-b border-slate-100 px-2 sm:px-4 md:h-14">
      <Button
        variant="ghost"
        size="icon"
        className="size-11 md:hidden [&_svg]:size-5"
        aria-label="Show chats"
        aria-expanded={sidebarOpen}
        onClick={onOpenSidebar}
      >
        <PanelLeft />
      </Button>
      <h1 className="min-w-0 flex-1 truncate px-1 text-[15px] font-semibold text-slate-900" data-testid="chat-title">
        {title ?? <Skeleton className="h-5 w-40" />}
      </h1>
      {children}
      {displayId && (
        <span className="hidden shrink-0 rounded-md bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-500 sm:inline">
          {displayId}
        </span>
      )}
      <Link to="/chat" aria-label="New chat" className={buttonClasses("ghost", "icon", "size-11 md:hidden [&_svg]:size-5")}>
        <SquarePen />
      </Link>
    </div>
  );
}
