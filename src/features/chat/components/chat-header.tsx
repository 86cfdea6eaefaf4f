import { PanelLeft, SquarePen } from "lucide-react";
import { Link } from "react-router";
import { Button, buttonClasses } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/spinner";

type Props = {
  title: string | undefined;
  onOpenSidebar: () => void;
  sidebarOpen: boolean;
};

/** The chat column's top bar: phone drawer toggle, chat title, new chat. */
export function ChatHeader({ title, onOpenSidebar, sidebarOpen }: Props) {
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
      <Link to="/chat" aria-label="New chat" className={buttonClasses("ghost", "icon", "size-11 md:hidden [&_svg]:size-5")}>
        <SquarePen />
      </Link>
    </div>
  );
}
