import { ChartNoAxesColumn, LogOut, ScrollText, Sparkles } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { CustomInstructionsDialog } from "@/features/chat/components/custom-instructions-dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { ThemeMenuItems } from "./theme-menu-items";

export type MenuUser = { name: string; email?: string; imageUrl?: string };

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] ?? "?").slice(0, 2);
  return letters.toUpperCase();
}

export function Avatar({ user, size = 32 }: { user: MenuUser; size?: number }) {
  if (user.imageUrl) {
    return <img src={user.imageUrl} alt="" className="rounded-full object-cover" style={{ width: size, height: size }} />;
  }
  // The initials are drawn, not written: the menu button is named "Account menu for <name>",
  // and a name must contain the text a button shows.
  return (
    <span
      aria-hidden
      data-initials={initials(user.name)}
      style={{ width: size, height: size }}
      className="grid place-items-center rounded-full bg-gradient-to-br from-blue-600 to-indigo-700 text-xs font-semibold text-white before:content-[attr(data-initials)]"
    />
  );
}

/** The signed-in identity (dev sign-in) with shortcuts and sign out. */
export function UserMenu({ user, onSignOut }: { user: MenuUser; onSignOut?: () => void }) {
  const navigate = useNavigate();
  const [instructionsOpen, setInstructionsOpen] = useState(false);
  return (
    <>
    <DropdownMenu>
      <DropdownMenuTrigger
        aria-label={`Account menu for ${user.name}`}
        className="grid size-11 place-items-center rounded-full focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 md:size-9"
      >
        <Avatar user={user} />
      </DropdownMenuTrigger>
      <DropdownMenuContent className="w-60">
        <DropdownMenuLabel>
          <p className="truncate text-sm font-semibold text-slate-900">{user.name}</p>
          {user.email && <p className="truncate text-xs text-slate-500">{user.email}</p>}
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => navigate("/usage")}>
          <ChartNoAxesColumn aria-hidden /> Usage & history
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => navigate("/pricing")}>
          <Sparkles aria-hidden /> Plans & credits
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => setInstructionsOpen(true)}>
          <ScrollText aria-hidden /> Custom instructions
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <ThemeMenuItems />
        {onSignOut && (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem onSelect={onSignOut}>
              <LogOut aria-hidden /> Sign out
            </DropdownMenuItem>
          </>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
    <CustomInstructionsDialog open={instructionsOpen} onOpenChange={setInstructionsOpen} />
    </>
  );
}
