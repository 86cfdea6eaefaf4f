import { componentsGeneric } from "convex/server";
import type { ComponentApi as RateLimiterApi } from "@convex-dev/rate-limiter/_generated/component.js";

/**
 * References to the components convex.config.ts mounts, typed from the
 * packages. Convex's codegen adds the same `components` to
 * `_generated/api` only when it runs against a deployment's push; the
 * deployment-free codegen this project commits (`npm run codegen`) does not,
 * so functions take them from here and work with either.
 */
export const components = componentsGeneric() as unknown as {
  rateLimiter: RateLimiterApi<"rateLimiter">;
};
