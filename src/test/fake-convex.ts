import { getFunctionName, type FunctionReference } from "convex/server";
import { vi } from "vitest";

/*
 * A stand-in for convex/react in component tests. Queries (plain and
 * paginated) answer from a table keyed by function name ("projects/jobs:recent");
 * mutations are vi.fn()s the test can program and inspect.
 *
 *   vi.mock("convex/react", async () => (await import("@/test/fake-convex")).fakeConvexReact());
 */

export const queryResults = new Map<string, unknown>();
export const queryArgs = new Map<string, unknown>();
/** Answers that depend on the arguments (a result, or undefined while "loading"); they win over `queryResults`. */
export const queryResolvers = new Map<string, (args: unknown) => unknown>();
type MutationMock = ReturnType<typeof vi.fn<(...args: unknown[]) => Promise<unknown>>>;
export const mutations = new Map<string, MutationMock>();

export function mutation(name: string): MutationMock {
  if (!mutations.has(name)) mutations.set(name, vi.fn<(...args: unknown[]) => Promise<unknown>>(async () => null));
  return mutations.get(name)!;
}

/** `useConvex()`: one client (as the real provider gives), whose one-shot queries answer from the same table. */
const fakeClient = {
  query: vi.fn(async (ref: FunctionReference<"query">, args?: unknown) => {
    const name = getFunctionName(ref);
    queryArgs.set(name, args);
    return queryResults.get(name) ?? null;
  }),
};

export function fakeConvexReact() {
  return {
    useQuery: (ref: FunctionReference<"query">, args?: unknown) => {
      if (args === "skip") return undefined;
      const name = getFunctionName(ref);
      queryArgs.set(name, args);
      const resolve = queryResolvers.get(name);
      return resolve ? resolve(args) : queryResults.get(name);
    },
    usePaginatedQuery: (ref: FunctionReference<"query">, args: unknown) => {
      const name = getFunctionName(ref);
      queryArgs.set(name, args);
      const results = queryResults.get(name) as unknown[] | undefined;
      return results === undefined
        ? { results: [], status: "LoadingFirstPage", isLoading: true, loadMore: vi.fn() }
        : { results, status: "Exhausted", isLoading: false, loadMore: vi.fn() };
    },
    useQueries: (requests: Record<string, { query: FunctionReference<"query">; args: unknown }>) =>
      Object.fromEntries(
        Object.entries(requests).map(([key, { query }]) => [key, queryResults.get(getFunctionName(query))]),
      ),
    useConvex: () => fakeClient,
    useMutation: (ref: FunctionReference<"mutation">) => {
      const fn = mutation(getFunctionName(ref));
      return Object.assign((...args: unknown[]) => fn(...args), { withOptimisticUpdate: () => fn });
    },
  };
}

export function resetFakeConvex() {
  queryResults.clear();
  queryArgs.clear();
  queryResolvers.clear();
  mutations.clear();
}
