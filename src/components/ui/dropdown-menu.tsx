import * as Menu from "@radix-ui/react-dropdown-menu";
import { Check } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

export const DropdownMenu = Menu.Root;
export const DropdownMenuTrigger = Menu.Trigger;

export function DropdownMenuContent({
  children,
  align = "end",
  className,
  onCloseAutoFocus,
}: {
  children: ReactNode;
  align?: "start" | "end";
  className?: string;
  onCloseAutoFocus?: (event: Event) => void;
}) {
  return (
    <Menu.Portal>
      <Menu.Content
        align={align}
        sideOffset={6}
        collisionPadding={8}
        onCloseAutoFocus={onCloseAutoFocus}
        className={cn(
          "z-50 min-w-44 rounded-xl border border-slate-200 bg-white p-1 shadow-xl shadow-black/10",
          "data-[state=open]:animate-pop-in",
          className,
        )}
      >
        {children}
      </Menu.Content>
    </Menu.Portal>
  );
}

export function DropdownMenuItem({
  children,
  onSelect,
  destructive,
  disabled,
}: {
  children: ReactNode;
  onSelect: () => void;
  destructive?: boolean;
  disabled?: boolean;
}) {
  return (
    <Menu.Item
      onSelect={onSelect}
      disabled={disabled}
      className={cn(
        "flex min-h-10 cursor-pointer select-none items-center gap-2.5 rounded-lg px-2.5 text-sm outline-none data-[disabled]:cursor-default data-[disabled]:opacity-50 [&_svg]:size-4",
        destructive
          ? "text-red-600 data-[highlighted]:bg-red-50"
          : "text-slate-700 data-[highlighted]:bg-slate-100 data-[highlighted]:text-slate-900",
      )}
    >
      {children}
    </Menu.Item>
  );
}

export function DropdownMenuLabel({ children }: { children: ReactNode }) {
  return <Menu.Label className="px-2.5 py-2">{children}</Menu.Label>;
}

export function DropdownMenuSeparator() {
  return <Menu.Separator className="my-1 h-px bg-slate-100" />;
}

/** A set of mutually exclusive choices inside a menu (e.g. the theme). */
export function DropdownMenuRadioGroup({
  label,
  value,
  onValueChange,
  children,
}: {
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <Menu.RadioGroup aria-label={label} value={value} onValueChange={onValueChange}>
      {children}
    </Menu.RadioGroup>
  );
}

/** One choice of a radio group; picking it keeps the menu open so the change can be seen. */
export function DropdownMenuRadioItem({ value, children }: { value: string; children: ReactNode }) {
  return (
    <Menu.RadioItem
      value={value}
      onSelect={(event) => event.preventDefault()}
      className={cn(
        "flex min-h-10 cursor-pointer select-none items-center gap-2.5 rounded-lg px-2.5 text-sm outline-none [&_svg]:size-4",
        "text-slate-700 data-[highlighted]:bg-slate-100 data-[highlighted]:text-slate-900",
      )}
    >
      {children}
      <Menu.ItemIndicator className="ml-auto">
        <Check aria-hidden />
      </Menu.ItemIndicator>
    </Menu.RadioItem>
  );
}
