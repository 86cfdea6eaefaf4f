import type { ConvexReactClient } from "convex/react";
import { getFunctionName, type FunctionReference } from "convex/server";
import { vi } from "vitest";

type FetchToken = (args: { forceRefreshToken: boolean }) => Promise<string | null>;

/**
 * Stands in for ConvexReactClient in component tests: `setAuth` fetches a
 * token and reports it accepted when `accept(token)` says so; mutations are
 * answered by `onMutation`.
 */
export function fakeConvexClient(options: {
  accept?: (token: string | null) => boolean;
  onMutation?: (name: string) => Promise<unknown>;
} = {}) {
  const accept = options.accept ?? ((token) => token !== null);
  const tokens: Array<string | null> = [];
  const mutations: string[] = [];
  const mutationArgs: unknown[] = [];
  const client = {
    url: "http://127.0.0.1:3290",
    setAuth: vi.fn(async (fetchToken: FetchToken, onChange: (authenticated: boolean) => void) => {
      const token = await fetchToken({ forceRefreshToken: false });
      tokens.push(token);
      onChange(accept(token));
    }),
    clearAuth: vi.fn(),
    mutation: vi.fn(async (ref: FunctionReference<"mutation">, args?: unknown) => {
      mutations.push(getFunctionName(ref));
      mutationArgs.push(args);
      return await (options.onMutation ?? (async () => "user-1"))(getFunctionName(ref));
    }),
  };
  return { client, convex: client as unknown as ConvexReactClient, tokens, mutations, mutationArgs };
}
