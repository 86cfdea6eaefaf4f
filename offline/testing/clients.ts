import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi, type FunctionReference } from "convex/server";

/** The test-only fixture functions (offline/testing/fixtures/conformance.ts). */
export const fixtures = anyApi._fixtures.conformance;

export async function devToken(apiUrl: string, name: string): Promise<string> {
  const response = await fetch(`${apiUrl}/_helm/dev-auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name }),
  });
  if (!response.ok) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

const WAIT_MS = 15_000;

/** Polls `check` until it returns a value, up to a bound (not a timing assertion). */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  describe: () => string,
): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting: ${describe()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A ConvexClient, signed in when `token` is given. Resolves once the server
 * has answered the authentication: `authenticated` tells how.
 */
export async function connect(apiUrl: string, token?: () => Promise<string | null>) {
  const client = new ConvexClient(apiUrl, { logger: false });
  const auth = { changes: [] as boolean[] };
  if (token) {
    client.setAuth(token, (authenticated) => auth.changes.push(authenticated));
    await eventually(() => auth.changes.length > 0, () => "the server to answer the Authenticate message");
  }
  return { client, auth, authenticated: auth.changes.at(-1) ?? false };
}

/** A signed-in, stored user with a WebSocket client and an HTTP client. */
export async function signedIn(apiUrl: string, name: string) {
  const token = await devToken(apiUrl, name);
  const { client, authenticated } = await connect(apiUrl, async () => token);
  if (!authenticated) throw new Error(`${name} could not sign in`);
  const userId = (await client.mutation(anyApi.users.store, {})) as string;
  const http = new ConvexHttpClient(apiUrl);
  http.setAuth(token);
  return { client, http, token, userId };
}

/** Every value a subscription delivers, with a way to wait for one. */
export function watch<T>(client: ConvexClient, query: FunctionReference<"query">, args: Record<string, unknown> = {}) {
  const values: T[] = [];
  const errors: Error[] = [];
  const unsubscribe = client.onUpdate(
    query,
    args,
    (value) => values.push(value as T),
    (error) => errors.push(error),
  );
  return {
    values,
    errors,
    latest: () => values.at(-1),
    until: (predicate: (value: T) => boolean) =>
      eventually(
        () => values.find(predicate),
        () => `a matching value; saw ${JSON.stringify(values)} errors ${errors.map((e) => e.message).join("; ")}`,
      ),
    stop: () => unsubscribe(),
  };
}

export type Balance = { remaining: number };
