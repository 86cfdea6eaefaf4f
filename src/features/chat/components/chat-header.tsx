import { SquarePen } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { buttonClasses } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/spinner";

type Props = {
  title: string | undefined;
  /** Shown next to the title: the chat's shareable id (its URL is /chat/<id>). */
  displayId?: string;
  /** Shown after the title: the chat's model and info. */
  children?: ReactNode;
};

/** The chat column's top bar on wider screens: the chat's title, model and id. */
export function ChatHeader({ title, displayId, children }: Props) {
  return (
    <div className="hidden h-14 shrink-0 items-center gap-1 border-b border-slate-100 px-4 md:flex">
      <h1 className="min-w-0 flex-1 truncate px-1 text-[15px] font-semibold text-slate-900" data-testid="chat-title">
        {title ?? <Skeleton className="h-5 w-40" />}
      </h1>
      {children}
      {displayId && (
        <span className="shrink-0 rounded-md bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-600">{displayId}</span>
      )}
    </div>
  );
}

/** The same on a phone, inside the app's top bar: the title, the chat's own buttons and New chat. */
export function PhoneChatTitle({ title }: { title: string | undefined }) {
  return (
    <>
      <h1 className="min-w-0 flex-1 truncate text-[15px] font-semibold text-slate-900" data-testid="phone-chat-title">
        {title ?? <Skeleton className="h-5 w-32" />}
      </h1>
      <Link to="/chat" aria-label="New chat" className={buttonClasses("ghost", "icon", "size-11 [&_svg]:size-5")}>
        <SquarePen />
      </Link>
    </>
  );
}
