import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";

/*
 * On a phone there is room for one top bar and one drawer. A page that needs
 * its own title and list there (the chat: its title, New chat, the chat
 * list) puts them into the app's bar and menu drawer through these slots,
 * instead of stacking a second bar with a second drawer button under the
 * app's. On wider screens the slots are hidden and pages use their own layout.
 */

export type AppHeaderSlots = {
  /** In the phone top bar, in place of the logo. */
  title: HTMLElement | null;
  /** In the phone menu drawer, above the app's links (exists while the drawer is open). */
  drawer: HTMLElement | null;
  closeDrawer: () => void;
  /** Tells the bar a page title is shown, so the logo steps aside. */
  setTitleUsed: (used: boolean) => void;
};

export const AppHeaderSlotsContext = createContext<AppHeaderSlots | null>(null);

/** Renders its children in the phone top bar (nothing outside the app shell). */
export function PhoneHeaderTitle({ children }: { children: ReactNode }) {
  const slots = useContext(AppHeaderSlotsContext);
  const setTitleUsed = slots?.setTitleUsed;
  useEffect(() => {
    if (!setTitleUsed) return;
    setTitleUsed(true);
    return () => setTitleUsed(false);
  }, [setTitleUsed]);
  return slots?.title ? createPortal(children, slots.title) : null;
}

/** Renders its children in the phone menu drawer while it is open; `close` closes it. */
export function PhoneDrawerContent({ children }: { children: (close: () => void) => ReactNode }) {
  const slots = useContext(AppHeaderSlotsContext);
  return slots?.drawer ? createPortal(children(slots.closeDrawer), slots.drawer) : null;
}

/**
 * A shell's side of the slots: the phone menu's open state, the refs for its
 * bar and drawer elements, and whether a page's title is in the bar (then the
 * logo, and what else has no room, steps aside). `slots` goes in the context.
 */
export function useAppHeaderSlots() {
  const [menuOpen, setMenuOpen] = useState(false);
  const [titleSlot, setTitleSlot] = useState<HTMLDivElement | null>(null);
  const [drawerSlot, setDrawerSlot] = useState<HTMLDivElement | null>(null);
  const [titleUsed, setTitleUsed] = useState(false);
  const slots = useMemo<AppHeaderSlots>(
    () => ({ title: titleSlot, drawer: drawerSlot, closeDrawer: () => setMenuOpen(false), setTitleUsed }),
    [titleSlot, drawerSlot],
  );
  return { slots, menuOpen, setMenuOpen, setTitleSlot, setDrawerSlot, titleUsed };
}
