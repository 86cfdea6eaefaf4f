import type { AuthConfig } from "convex/server";

/*
 * Clerk is the production identity provider. When CLERK_JWT_ISSUER_DOMAIN is
 * unset (offline development, tests) the config stays valid with no
 * providers, so a deployment without Clerk still pushes. The offline backend
 * verifies its own dev-sign-in tokens and does not read this file's list.
 */
const clerkDomain = process.env.CLERK_JWT_ISSUER_DOMAIN;

export default {
  providers: clerkDomain ? [{ domain: clerkDomain, applicationID: "convex" }] : [],
} satisfies AuthConfig;
