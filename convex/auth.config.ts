import type { AuthConfig } from "convex/server";

/**
 * A variable that may be unset. While a push evaluates this file, reading an
 * unset variable throws (the push fails with "Environment variable … is used
 * in auth config file but its value was not set"), so a plain
 * `process.env.X ?? fallback` never reaches the fallback. The throw is an
 * ordinary, catchable error.
 */
function optionalEnv(name: string): string | undefined {
  try {
    return process.env[name] || undefined;
  } catch {
    return undefined;
  }
}

/*
 * Clerk is the production identity provider. When CLERK_JWT_ISSUER_DOMAIN is
 * unset (a first `npx convex dev`, offline development, tests) the config
 * stays valid with no providers, so the push succeeds. The offline backend
 * verifies its own dev-sign-in tokens besides these providers.
 */
const clerkDomain = optionalEnv("CLERK_JWT_ISSUER_DOMAIN");

export default {
  providers: clerkDomain ? [{ domain: clerkDomain, applicationID: "convex" }] : [],
} satisfies AuthConfig;
