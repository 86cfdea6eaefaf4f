import { useCallback, useLayoutEffect, useRef, useState } from "react";

/*
 * Where focus goes back to when a dialog or an inline editor closes.
 *
 * Radix returns focus to a dialog's <Dialog.Trigger>, but most of Helm's
 * dialogs are opened from code (a guard, a menu item, a button that sets
 * state), so Radix has no trigger and focus fell to <body>. Every focus
 * change is noted here instead; a menu item stands for the button that
 * opened its menu, because the item is gone by the time a dialog it opened
 * closes.
 */

/** The most recent focus targets, newest last (a dialog's autoFocus field may already be one of them). */
const recent: HTMLElement[] = [];
const KEEP = 8;

/** The button that opened the Radix menu `el` sits in (its content is labelled by the trigger), else `el`. */
function opener(el: HTMLElement): HTMLElement {
  const menu = el.closest<HTMLElement>('[role="menu"]');
  const triggerId = menu?.getAttribute("aria-labelledby");
  const trigger = triggerId ? document.getElementById(triggerId) : null;
  return trigger ?? el;
}

if (typeof document !== "undefined") {
  document.addEventListener(
    "focusin",
    (event) => {
      if (!(event.target instanceof HTMLElement)) return;
      recent.push(opener(event.target));
      if (recent.length > KEEP) recent.shift();
    },
    true,
  );
}

/**
 * What had focus just before a dialog opened: read it in the dialog's
 * onOpenAutoFocus, passing the dialog. A field with `autoFocus` inside it
 * has taken focus already by then, so the newest target outside it counts.
 */
export function focusedBeforeOpening(dialog: Element | null): HTMLElement | null {
  const outside = (el: Element | null): el is HTMLElement =>
    el instanceof HTMLElement && el !== document.body && !dialog?.contains(el);
  const active = document.activeElement;
  if (outside(active)) return opener(active);
  for (let i = recent.length - 1; i >= 0; i--) if (outside(recent[i]!)) return recent[i]!;
  return null;
}

/** Focuses the first candidate still on the page; returns whether one took focus. */
export function focusFirst(...candidates: (HTMLElement | null | undefined)[]): boolean {
  for (const el of candidates) {
    if (!el || !el.isConnected) continue;
    el.focus();
    if (document.activeElement === el) return true;
  }
  return false;
}

/**
 * Focus an element once the next render is on screen: for editors that swap
 * an input back for the button that opened them.
 */
export function useFocusAfterRender() {
  const target = useRef<(() => HTMLElement | null | undefined) | null>(null);
  const [tick, setTick] = useState(0);
  useLayoutEffect(() => {
    const get = target.current;
    if (!get) return;
    target.current = null;
    focusFirst(get());
  }, [tick]);
  return useCallback((get: () => HTMLElement | null | undefined) => {
    target.current = get;
    setTick((n) => n + 1);
  }, []);
}
