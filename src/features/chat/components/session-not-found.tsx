import { MessageSquareOff, Plus } from "lucide-react";
import { Link } from "react-router";
import { buttonClasses } from "@/components/ui/button";

/** Unknown, deleted or someone else's chat: all look the same, on purpose. */
export function SessionNotFound({ displayId }: { displayId: string }) {
  return (
    <div className="grid h-full place-items-center p-6">
      <div className="max-w-sm text-center">
        <span className="mx-auto grid size-12 place-items-center rounded-2xl bg-slate-100 text-slate-500">
          <MessageSquareOff className="size-6" aria-hidden />
        </span>
        <h1 className="mt-4 text-xl font-semibold tracking-tight text-slate-900">Chat not found</h1>
        <p className="mt-2 text-sm leading-6 text-slate-600">
          We couldn't find <span className="font-mono text-[13px] text-slate-800">{displayId}</span>. It may have been
          deleted, or it belongs to another account.
        </p>
        <Link to="/chat" className={buttonClasses("primary", "md", "mt-6")}>
          <Plus aria-hidden /> Start a new chat
        </Link>
      </div>
    </div>
  );
}
