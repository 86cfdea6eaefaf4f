import { useQuery } from "convex/react";
import { Suspense, useCallback, useState } from "react";
import { Outlet, useNavigate } from "react-router";
import { CreditBadge } from "@/components/credits/credit-badge";
import { CreditGuardProvider } from "@/components/credits/credit-guard-provider";
import { AppHeaderSlotsContext, useAppHeaderSlots } from "@/components/layout/app-header-slots";
import { cn } from "@/lib/cn";
import { useBalance } from "@/components/credits/balance";
import { useLowBalanceToast } from "@/components/credits/use-low-balance-toast";
import { CommandPalette } from "@/features/command-palette/components/command-palette";
import { PremiumGuardProvider } from "@/components/models/premium-guard";
import { Toaster } from "@/components/ui/toaster";
import { api } from "../../../convex/_generated/api";
import { HelmLogo } from "./helm-logo";
import { MainNav } from "./main-nav";
import { MobileNav } from "./mobile-nav";
import { NAV_ITEMS } from "./nav-items";
import { PageFallback } from "./page-fallback";
import { AccountMenu } from "./account-menu";

/** Top bar + page outlet. Pages scroll inside <main>; the chat page fills it. */
export function AppShell() {
  const me = useQuery(api.users.me);
  const balance = useBalance();
  const navigate = useNavigate();
  const buyMore = useCallback(() => navigate("/pricing"), [navigate]);
  useLowBalanceToast(balance, me?._id, buyMore);

  // Phone bar and drawer slots a page can fill (see app-header-slots.tsx).
  const { slots, menuOpen, setMenuOpen, setTitleSlot, setDrawerSlot, titleUsed } = useAppHeaderSlots();
  const [paletteOpen, setPaletteOpen] = useState(false);

  return (
    <AppHeaderSlotsContext.Provider value={slots}>
      <CreditGuardProvider>
       <PremiumGuardProvider>
        <div className="flex h-dvh flex-col bg-white">
          <a
            href="#main"
            className="sr-only z-50 rounded-lg bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
          >
            Skip to content
          </a>
          <header className="z-30 flex h-14 shrink-0 items-center gap-2 border-b border-slate-200/80 bg-white/95 px-3 backdrop-blur sm:px-4">
            <MobileNav
              open={menuOpen}
              onOpenChange={setMenuOpen}
              pageSlot={setDrawerSlot}
              onSearch={titleUsed ? () => setPaletteOpen(true) : undefined}
            />
            <div className={cn(titleUsed && "max-md:hidden")}>
              <HelmLogo />
            </div>
            <div ref={setTitleSlot} className="flex min-w-0 flex-1 items-center gap-1 md:hidden empty:hidden" />
            <div className="ml-4 hidden md:block">
              <MainNav />
            </div>
            <div className="ml-auto flex items-center gap-2 sm:gap-3">
              {/* A page's title takes the phone's top bar; search moves into the menu. */}
              <CommandPalette
                pages={NAV_ITEMS}
                open={paletteOpen}
                onOpenChange={setPaletteOpen}
                triggerClassName={cn(titleUsed && "max-md:hidden")}
              />
              <CreditBadge />
              <AccountMenu />
            </div>
          </header>
          <main id="main" className="min-h-0 flex-1 overflow-y-auto">
            <Suspense fallback={<PageFallback />}>
              <Outlet />
            </Suspense>
          </main>
        </div>
        <Toaster />
       </PremiumGuardProvider>
      </CreditGuardProvider>
    </AppHeaderSlotsContext.Provider>
  );
}
