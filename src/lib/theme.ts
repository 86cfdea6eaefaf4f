import { useCallback, useSyncExternalStore } from "react";

/*
 * Light, dark, or whatever the system says. The choice is kept in
 * localStorage; index.html applies it before the first paint (so a dark
 * page never flashes white) and this module keeps it applied afterwards.
 * Dark mode is the `dark` class on <html>: src/theme.css remaps the colour
 * palette under it.
 */

export type ThemeChoice = "light" | "dark" | "system";
export type Theme = "light" | "dark";

/** Read by index.html's boot script too: keep the key and colours in step with it. */
export const THEME_STORAGE_KEY = "helm.theme";
/** The browser chrome's colour (`<meta name="theme-color">`): each theme's page background. */
export const THEME_COLOR: Record<Theme, string> = { light: "#ffffff", dark: "#0b1220" };

const DARK_QUERY = "(prefers-color-scheme: dark)";
const listeners = new Set<() => void>();

export function readThemeChoice(): ThemeChoice {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

function systemTheme(): Theme {
  return typeof window !== "undefined" && window.matchMedia?.(DARK_QUERY).matches ? "dark" : "light";
}

export function resolveTheme(choice: ThemeChoice): Theme {
  return choice === "system" ? systemTheme() : choice;
}

/** Puts a theme on the page: the class the styles key on, native controls, the browser chrome. */
export function applyTheme(theme: Theme) {
  const root = document.documentElement;
  root.classList.toggle("dark", theme === "dark");
  root.style.colorScheme = theme;
  document.querySelector('meta[name="theme-color"]')?.setAttribute("content", THEME_COLOR[theme]);
}

function notify() {
  applyTheme(resolveTheme(readThemeChoice()));
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  if (listeners.size === 0 && typeof window !== "undefined") {
    window.matchMedia?.(DARK_QUERY).addEventListener?.("change", notify);
    window.addEventListener("storage", onStorage);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && typeof window !== "undefined") {
      window.matchMedia?.(DARK_QUERY).removeEventListener?.("change", notify);
      window.removeEventListener("storage", onStorage);
    }
  };
}

// Another tab changed the choice.
function onStorage(event: StorageEvent) {
  if (event.key === THEME_STORAGE_KEY) notify();
}

export function setThemeChoice(choice: ThemeChoice) {
  try {
    if (choice === "system") localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Private mode or full storage: the choice lasts until the page is closed.
  }
  notify();
}

/** Keeps the page in step with the system theme and other tabs for the app's lifetime. */
export function startThemeSync() {
  applyTheme(resolveTheme(readThemeChoice()));
  subscribe(() => {});
}

/** The user's choice and the theme in effect (the system's, for "system"), kept live. */
export function useTheme(): { choice: ThemeChoice; theme: Theme; setChoice: (choice: ThemeChoice) => void } {
  const choice = useSyncExternalStore(subscribe, readThemeChoice, () => "system" as const);
  const theme = useSyncExternalStore(subscribe, () => resolveTheme(readThemeChoice()), () => "light" as const);
  const setChoice = useCallback((next: ThemeChoice) => setThemeChoice(next), []);
  return { choice, theme, setChoice };
}
