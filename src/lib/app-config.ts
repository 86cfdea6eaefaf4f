/**
 * Build-time configuration of the web app (Vite env). `npm run dev` sets the
 * Convex URLs for the offline backend; `npm run dev:cloud` and production
 * builds take them from the environment. Read on each call so tests can stub
 * the environment.
 */
export type AppConfig = {
  convexUrl: string | null;
  convexSiteUrl: string | null;
  clerkPublishableKey: string | null;
  offline: boolean;
};

const value = (text: unknown): string | null => (typeof text === "string" && text.trim() !== "" ? text.trim() : null);

export function appConfig(): AppConfig {
  const env = import.meta.env;
  return {
    convexUrl: value(env.VITE_CONVEX_URL),
    convexSiteUrl: value(env.VITE_CONVEX_SITE_URL),
    clerkPublishableKey: value(env.VITE_CLERK_PUBLISHABLE_KEY),
    offline: env.VITE_HELM_OFFLINE === "1",
  };
}
