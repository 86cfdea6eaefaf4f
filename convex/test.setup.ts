/// <reference types="vite/client" />
import rateLimiter from "@convex-dev/rate-limiter/test";
import { convexTest } from "convex-test";
import { limitModuleGlob, withConvexLimits } from "../offline/engine/limits";
import schema from "./schema";

/** Every module under convex/, for convex-test (and the offline backend). */
export const modules = import.meta.glob([
  "./**/*.ts",
  "./_generated/*.js",
  "!./**/*.test.ts",
  "!./**/*.d.ts",
]);

/**
 * convex-test with the app's schema and functions and the components
 * convex.config.ts mounts, held to Convex's limits as the offline backend is
 * (offline/engine/limits.ts).
 */
export function setupTest() {
  const t = convexTest({ schema, modules: limitModuleGlob(modules), transactionLimits: true });
  // Components first: withConvexLimits opens a transaction, which a component
  // registered while it is open would never join.
  rateLimiter.register(t, "rateLimiter");
  return withConvexLimits(t);
}

export type TestConvex = ReturnType<typeof setupTest>;

/** A signed-in caller, with the claims Clerk (or the dev sign-in) would give. */
export function identity(name: string) {
  const subject = `user_${name.toLowerCase()}`;
  return {
    subject,
    issuer: "https://helm.test",
    tokenIdentifier: `https://helm.test|${subject}`,
    name,
    email: `${name.toLowerCase()}@example.com`,
  };
}

/** Signs `name` in and stores their user (100 credits), returning the client. */
export async function signIn(t: TestConvex, name: string) {
  const { api } = await import("./_generated/api");
  const asUser = t.withIdentity(identity(name));
  const userId = await asUser.mutation(api.users.store, {});
  return Object.assign(asUser, { userId });
}
