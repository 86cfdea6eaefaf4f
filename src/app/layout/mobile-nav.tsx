import { Menu, Search } from "lucide-react";
import { NavLink } from "react-router";
import { Button } from "@/components/ui/button";
import { Sheet } from "@/components/ui/sheet";
import { cn } from "@/lib/cn";
import { HelmLogo } from "./helm-logo";
import { NAV_ITEMS, type NavItem } from "./nav-items";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where a page puts its own drawer content (the chat list), below the links. */
  pageSlot: (element: HTMLDivElement | null) => void;
  /** Set when the top bar has no room for search (a page's title is there): search from the menu. */
  onSearch?: () => void;
  /** The links (a guest has only the chat). */
  items?: NavItem[];
};

/** Phone navigation: a menu button that opens the links (and the page's own list) in a side sheet. */
export function MobileNav({ open, onOpenChange, pageSlot, onSearch, items = NAV_ITEMS }: Props) {
  const close = () => onOpenChange(false);
  return (
    <>
      <Button
        variant="ghost"
        size="icon"
        className="-ml-2 size-11 md:hidden [&_svg]:size-5"
        aria-label="Open menu"
        aria-expanded={open}
        onClick={() => onOpenChange(true)}
      >
        <Menu />
      </Button>
      <Sheet open={open} onOpenChange={onOpenChange} title="Menu">
        <div className="flex h-14 shrink-0 items-center border-b border-slate-100 px-4">
          <HelmLogo onClick={close} />
        </div>
        <nav aria-label="Main" className="flex shrink-0 flex-col gap-1 p-3">
          {onSearch && (
            <button
              type="button"
              onClick={() => {
                close();
                onSearch();
              }}
              className="flex min-h-12 items-center gap-3 rounded-xl px-3 text-left text-[15px] font-medium text-slate-600 hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
            >
              <Search className="size-5" aria-hidden />
              Search
            </button>
          )}
          {items.map(({ to, label, icon: Icon, end }) => (
            <NavLink
              key={to}
              to={to}
              end={end}
              onClick={close}
              className={({ isActive }) =>
                cn(
                  "flex min-h-12 items-center gap-3 rounded-xl px-3 text-[15px] font-medium",
                  "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500",
                  isActive ? "bg-slate-100 text-slate-900" : "text-slate-600 hover:bg-slate-50",
                )
              }
            >
              <Icon className="size-5" aria-hidden />
              {label}
            </NavLink>
          ))}
        </nav>
        <div ref={pageSlot} className="flex min-h-0 flex-1 flex-col border-t border-slate-100 empty:hidden" />
      </Sheet>
    </>
  );
}
