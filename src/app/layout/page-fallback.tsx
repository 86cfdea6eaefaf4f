import { useLocation } from "react-router";
import { Skeleton, Spinner } from "@/components/ui/spinner";

/**
 * Shown while a lazily loaded page arrives. The chat gets its own outline at
 * once (sidebar, conversation, message box), so /chat is never a blank
 * screen; other pages fade a spinner in late to avoid flashing.
 */
export function PageFallback() {
  const { pathname } = useLocation();
  if (pathname === "/chat" || pathname.startsWith("/chat/")) return <ChatPageSkeleton />;
  return (
    <div className="grid h-full place-items-center text-slate-500 opacity-0 [animation:fade-in_200ms_ease-out_300ms_forwards]">
      <Spinner className="size-5" label="Loading page" />
    </div>
  );
}

function ChatPageSkeleton() {
  return (
    <div className="flex h-full min-h-0" aria-busy="true" aria-label="Loading chat" data-testid="chat-skeleton">
      <div className="hidden w-72 shrink-0 space-y-3 border-r border-slate-200/80 bg-slate-50/70 p-3 md:block">
        <Skeleton className="h-10 w-full rounded-xl" />
        {[70, 55, 80, 45].map((width) => (
          <Skeleton key={width} className="h-5" />
        ))}
      </div>
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="flex h-12 shrink-0 items-center border-b border-slate-100 px-4 md:h-14">
          <Skeleton className="h-5 w-40" />
        </div>
        <div className="mx-auto w-full max-w-3xl flex-1 space-y-6 px-4 pt-6 sm:px-6">
          <Skeleton className="ml-auto h-10 w-2/5 rounded-3xl" />
          <Skeleton className="h-24 w-4/5 rounded-3xl" />
        </div>
        <div className="mx-auto w-full max-w-3xl px-3 pb-3 sm:px-6">
          <Skeleton className="h-[104px] w-full rounded-2xl" />
        </div>
      </div>
    </div>
  );
}
