import type { Theme } from "@/lib/theme";

/**
 * Clerk's own widgets (sign-in, the user button and its menu, the sign-up
 * modal) in Helm's colours for each theme, through Clerk's `appearance`
 * variables (no theme package needed). The dark values are the ones
 * src/theme.css remaps the palette to, so the widgets sit on the same
 * surfaces as the app; each text colour keeps WCAG AA contrast on its
 * background (tested).
 */
type ClerkColor =
  | "colorBackground"
  | "colorForeground"
  | "colorMutedForeground"
  | "colorInput"
  | "colorInputForeground"
  | "colorPrimary"
  | "colorPrimaryForeground"
  | "colorNeutral"
  | "colorDanger";

export const CLERK_COLORS: Record<Theme, Record<ClerkColor, string>> = {
  light: {
    colorBackground: "#ffffff",
    colorForeground: "#0f172a",
    colorMutedForeground: "#475569",
    colorInput: "#ffffff",
    colorInputForeground: "#0f172a",
    colorPrimary: "#2563eb",
    colorPrimaryForeground: "#ffffff",
    colorNeutral: "#0f172a",
    colorDanger: "#dc2626",
  },
  dark: {
    colorBackground: "#0b1220",
    colorForeground: "#eef2f7",
    colorMutedForeground: "#aeb9c9",
    colorInput: "#162032",
    colorInputForeground: "#eef2f7",
    colorPrimary: "#93c5fd",
    colorPrimaryForeground: "#0b1220",
    colorNeutral: "#eef2f7",
    colorDanger: "#f87171",
  },
};

export function clerkAppearance(theme: Theme) {
  return { variables: { ...CLERK_COLORS[theme], borderRadius: "0.625rem" } };
}
