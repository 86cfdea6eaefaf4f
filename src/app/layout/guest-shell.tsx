import { LockKeyhole, MessageSquare } from "lucide-react";
import { Suspense } from "react";
import { NavLink, Outlet, useLocation } from "react-router";
import { CreditGuardProvider } from "@/components/credits/credit-guard-provider";
import { PremiumGuardProvider } from "@/components/models/premium-guard";
import { Button } from "@/components/ui/button";
import { Toaster } from "@/components/ui/toaster";
import { useViewer } from "@/lib/viewer";
import { AppHeaderSlotsContext, useAppHeaderSlots } from "@/components/layout/app-header-slots";
import { cn } from "@/lib/cn";
import { HelmLogo } from "./helm-logo";
import { MobileNav } from "./mobile-nav";
import { NAV_ITEMS, type NavItem } from "./nav-items";
import { PageFallback } from "./page-fallback";

const GUEST_NAV: NavItem[] = NAV_ITEMS.filter((item) => item.to === "/chat");

const isChatPath = (pathname: string) => /^\/chat(\/|$)/.test(pathname);

/**
 * The app for a signed-out visitor: the chat, and Sign in / Sign up. Every
 * other page (dashboard, pricing, usage, projects) needs an account and says so.
 */
export function GuestShell() {
  const viewer = useViewer();
  const { pathname } = useLocation();
  // The same phone bar and drawer slots as the app shell: the chat's title, New chat and chat list.
  const { slots, menuOpen, setMenuOpen, setTitleSlot, setDrawerSlot, titleUsed } = useAppHeaderSlots();
  if (viewer.kind !== "guest") return null;
  return (
    <AppHeaderSlotsContext.Provider value={slots}>
    <CreditGuardProvider>
      <PremiumGuardProvider>
        <div className="flex h-dvh flex-col bg-white">
          <header className="z-30 flex h-14 shrink-0 items-center gap-2 border-b border-slate-200/80 bg-white/95 px-3 backdrop-blur sm:px-4">
            <MobileNav open={menuOpen} onOpenChange={setMenuOpen} pageSlot={setDrawerSlot} items={GUEST_NAV} />
            <div className={cn(titleUsed && "max-md:hidden")}>
              <HelmLogo />
            </div>
            <div ref={setTitleSlot} className="flex min-w-0 flex-1 items-center gap-1 md:hidden empty:hidden" />
            <nav aria-label="Main" className="ml-2 hidden items-center sm:ml-4 md:flex">
              <NavLink
                to="/chat"
                className="inline-flex h-9 items-center gap-2 rounded-lg bg-slate-100 px-3 text-sm font-medium text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
              >
                <MessageSquare className="size-4" aria-hidden />
                Chat AI
              </NavLink>
            </nav>
            <div className="ml-auto flex items-center gap-2">
              <Button variant="ghost" size="sm" onClick={viewer.signIn}>
                Sign in
              </Button>
              <Button variant="primary" size="sm" onClick={viewer.signUp}>
                Sign up
              </Button>
            </div>
          </header>
          <main id="main" className="min-h-0 flex-1 overflow-y-auto">
            {isChatPath(pathname) ? (
              <Suspense fallback={<PageFallback />}>
                <Outlet />
              </Suspense>
            ) : (
              <AccountOnly onSignIn={viewer.signIn} onSignUp={viewer.signUp} />
            )}
          </main>
        </div>
        <Toaster />
      </PremiumGuardProvider>
    </CreditGuardProvider>
    </AppHeaderSlotsContext.Provider>
  );
}

function AccountOnly({ onSignIn, onSignUp }: { onSignIn: () => void; onSignUp: () => void }) {
  return (
    <div className="grid h-full place-items-center p-6">
      <div className="max-w-sm text-center">
        <LockKeyhole className="mx-auto size-8 text-slate-400" aria-hidden />
        <h1 className="mt-3 text-lg font-semibold text-slate-900">This page needs an account</h1>
        <p className="mt-2 text-sm text-slate-600">
          Projects, credits and usage are kept for signed-in users. You can keep chatting as a guest, or sign up to
          take your chats with you.
        </p>
        <div className="mt-5 flex justify-center gap-2">
          <Button variant="secondary" onClick={onSignIn}>
            Sign in
          </Button>
          <Button variant="primary" onClick={onSignUp}>
            Sign up
          </Button>
        </div>
      </div>
    </div>
  );
}
