import * as DialogPrimitive from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useCallback, useRef, type ReactNode } from "react";
import { cn } from "@/lib/cn";
import { focusedBeforeOpening, focusFirst } from "./focus-return";

type SheetProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
  className?: string;
};

/** A panel that slides in from the left edge: the phone version of a sidebar. */
export function Sheet({ open, onOpenChange, title, children, className }: SheetProps) {
  const opener = useRef<HTMLElement | null>(null);
  // On mount, not in onOpenAutoFocus: Radix skips that when an autoFocus field inside already has focus.
  const rememberOpener = useCallback((node: HTMLDivElement | null) => {
    if (node) opener.current = focusedBeforeOpening(node);
  }, []);
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/40 data-[state=open]:animate-fade-in" />
        <DialogPrimitive.Content
          ref={rememberOpener}
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            focusFirst(opener.current);
          }}
          className={cn(
            "fixed inset-y-0 left-0 z-50 flex w-[86vw] max-w-80 flex-col bg-white shadow-2xl focus:outline-none",
            "pb-[env(safe-area-inset-bottom)] pt-[env(safe-area-inset-top)] data-[state=open]:animate-sheet-in",
            className,
          )}
        >
          <DialogPrimitive.Title className="sr-only">{title}</DialogPrimitive.Title>
          <DialogPrimitive.Description className="sr-only">{title}</DialogPrimitive.Description>
          {children}
          <DialogPrimitive.Close
            aria-label="Close"
            className="absolute right-2 top-1.5 grid size-11 place-items-center rounded-lg text-slate-500 hover:bg-slate-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
          >
            <X className="size-5" />
          </DialogPrimitive.Close>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
