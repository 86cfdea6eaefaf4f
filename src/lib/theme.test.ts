import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { setThemeChoice, THEME_COLOR, THEME_STORAGE_KEY, useTheme } from "./theme";

let systemDark = false;
const changeListeners = new Set<() => void>();

beforeEach(() => {
  localStorage.clear();
  systemDark = false;
  document.head.innerHTML = '<meta name="theme-color" content="#ffffff">';
  vi.stubGlobal("matchMedia", (query: string) => ({
    get matches() {
      return query.includes("dark") && systemDark;
    },
    addEventListener: (_: string, listener: () => void) => changeListeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => changeListeners.delete(listener),
  }));
});
afterEach(() => {
  vi.unstubAllGlobals();
  changeListeners.clear();
  document.documentElement.className = "";
});

const themeColor = () => document.querySelector('meta[name="theme-color"]')?.getAttribute("content");

describe("theme", () => {
  test("Dark and Light are applied at once and remembered; System forgets the choice", () => {
    const { result } = renderHook(() => useTheme());
    expect(result.current.choice).toBe("system");
    act(() => result.current.setChoice("dark"));
    expect(document.documentElement).toHaveClass("dark");
    expect(document.documentElement.style.colorScheme).toBe("dark");
    expect(themeColor()).toBe(THEME_COLOR.dark);
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe("dark");
    expect(result.current).toMatchObject({ choice: "dark", theme: "dark" });

    act(() => result.current.setChoice("light"));
    expect(document.documentElement).not.toHaveClass("dark");
    expect(themeColor()).toBe(THEME_COLOR.light);

    act(() => result.current.setChoice("system"));
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
  });

  test("System follows the operating system as it changes", () => {
    const { result } = renderHook(() => useTheme());
    act(() => setThemeChoice("system"));
    expect(result.current.theme).toBe("light");
    systemDark = true;
    act(() => changeListeners.forEach((listener) => listener()));
    expect(result.current.theme).toBe("dark");
    expect(document.documentElement).toHaveClass("dark");
    expect(themeColor()).toBe(THEME_COLOR.dark);
  });
});

test("index.html's boot script uses the same storage key and colours (no flash of the other theme)", async () => {
  const { readFileSync } = await import("node:fs");
  const html = readFileSync(`${process.cwd()}/index.html`, "utf8");
  expect(html).toContain(`localStorage.getItem("${THEME_STORAGE_KEY}")`);
  expect(html).toContain(`"${THEME_COLOR.dark}" : "${THEME_COLOR.light}"`);
});
