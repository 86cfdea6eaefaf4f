import { getFunctionName, type FunctionReference } from "convex/server";
import { vi } from "vitest";

/*
 * A stand-in for convex/react in component tests: queries answer from a
 * table keyed by function name, actions are vi.fn()s the test controls.
 */

export const queryResults = new Map<string, unknown>();
export const actions = new Map<string, ReturnType<typeof vi.fn>>();
export const queryArgs = new Map<string, unknown>();

export function fakeConvexReact() {
  return {
    useQuery: (ref: FunctionReference<"query">, args?: unknown) => {
      const name = getFunctionName(ref);
      queryArgs.set(name, args);
      return queryResults.get(name);
    },
    useAction: (ref: FunctionReference<"action">) => {
      const name = getFunctionName(ref);
      if (!actions.has(name)) actions.set(name, vi.fn());
      return actions.get(name)!;
    },
  };
}

export function resetFakeConvex() {
  queryResults.clear();
  actions.clear();
  queryArgs.clear();
}
