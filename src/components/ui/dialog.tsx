import * as DialogPrimitive from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { useCallback, useRef, type ReactNode } from "react";
import { cn } from "@/lib/cn";
import { focusedBeforeOpening, focusFirst } from "./focus-return";

export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;

type DialogContentProps = {
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** Blocking dialogs hide the corner close button and ignore outside clicks. */
  blocking?: boolean;
  icon?: ReactNode;
  /**
   * Where focus goes when the dialog closes, given what opened it (default:
   * that opener, or the button of the menu it came from).
   */
  returnFocus?: (opener: HTMLElement | null) => HTMLElement | null | undefined;
};

/** A centred modal with a title, optional description and a footer area. */
export function DialogContent({
  title,
  description,
  children,
  className,
  blocking = false,
  icon,
  returnFocus,
}: DialogContentProps) {
  const opener = useRef<HTMLElement | null>(null);
  // On mount, not in onOpenAutoFocus: Radix skips that when an autoFocus field inside already has focus.
  const rememberOpener = useCallback((node: HTMLDivElement | null) => {
    if (node) opener.current = focusedBeforeOpening(node);
  }, []);
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/40 backdrop-blur-[2px] data-[state=open]:animate-fade-in" />
      <DialogPrimitive.Content
        onPointerDownOutside={blocking ? (e) => e.preventDefault() : undefined}
        onInteractOutside={blocking ? (e) => e.preventDefault() : undefined}
        ref={rememberOpener}
        onCloseAutoFocus={(e) => {
          // Radix only knows a <Dialog.Trigger>; these dialogs are opened from code.
          e.preventDefault();
          focusFirst(returnFocus ? returnFocus(opener.current) : opener.current, opener.current);
        }}
        className={cn(
          "fixed left-1/2 top-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2",
          "rounded-2xl border border-slate-200 bg-white p-6 shadow-2xl focus:outline-none",
          "data-[state=open]:animate-dialog-in",
          className,
        )}
      >
        {icon && <div className="mb-4">{icon}</div>}
        <DialogPrimitive.Title className="text-lg font-semibold tracking-tight text-slate-900">
          {title}
        </DialogPrimitive.Title>
        {description ? (
          <DialogPrimitive.Description className="mt-2 text-sm leading-relaxed text-slate-600">
            {description}
          </DialogPrimitive.Description>
        ) : (
          <DialogPrimitive.Description className="sr-only">{title}</DialogPrimitive.Description>
        )}
        {children}
        {!blocking && (
          <DialogPrimitive.Close
            aria-label="Close"
            className="absolute right-3 top-3 grid size-9 place-items-center rounded-lg text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
          >
            <X className="size-4" />
          </DialogPrimitive.Close>
        )}
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

export function DialogFooter({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div className={cn("mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)}>
      {children}
    </div>
  );
}
