import { describe, expect, test } from "vitest";
import { THEME_COLOR } from "@/lib/theme";
import { CLERK_COLORS, clerkAppearance } from "./clerk-appearance";

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe("Clerk's widgets in Helm's themes", () => {
  test.each(["light", "dark"] as const)("%s: every text colour meets WCAG AA on its background", (theme) => {
    const c = CLERK_COLORS[theme];
    expect(contrast(c.colorForeground, c.colorBackground)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(c.colorMutedForeground, c.colorBackground)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(c.colorInputForeground, c.colorInput)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(c.colorPrimaryForeground, c.colorPrimary)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(c.colorDanger, c.colorBackground)).toBeGreaterThanOrEqual(4.5);
  });

  test("the widgets sit on the app's own page colour in each theme", () => {
    expect(clerkAppearance("dark").variables.colorBackground).toBe(THEME_COLOR.dark);
    expect(clerkAppearance("light").variables.colorBackground).toBe(THEME_COLOR.light);
  });
});
