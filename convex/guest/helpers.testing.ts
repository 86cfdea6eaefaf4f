/**
 * Guests in tests: a token made as the browser makes one, started, and a
 * caller that adds it to every call. (Two dots in the name keep Convex from
 * deploying it.)
 */
import type { FunctionReference } from "convex/server";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { guestTokenIdentifier } from "../model/guest/token";
import type { TestConvex } from "../test.setup";

/** 32 random bytes as 43 base64url characters, like src/features/auth/guest-token.ts. */
export function newGuestToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

type Without<A> = Omit<A, "guestToken">;
type Call = (fn: unknown, args: unknown) => Promise<unknown>;

/** Calls through `client` (a test client, signed in or not) with `extra` added to every call's arguments. */
export function caller(client: { query: unknown; mutation: unknown }, extra: Record<string, unknown> = {}) {
  const query = client.query as Call;
  const mutation = client.mutation as Call;
  return {
    query<F extends FunctionReference<"query">>(fn: F, args: Without<F["_args"]>): Promise<F["_returnType"]> {
      return query(fn, { ...args, ...extra }) as Promise<F["_returnType"]>;
    },
    mutation<F extends FunctionReference<"mutation">>(fn: F, args: Without<F["_args"]>): Promise<F["_returnType"]> {
      return mutation(fn, { ...args, ...extra }) as Promise<F["_returnType"]>;
    },
  };
}

export type Caller = ReturnType<typeof caller>;

export function guestCaller(t: TestConvex, guestToken: string) {
  return { guestToken, ...caller(t, { guestToken }) };
}

export type GuestCaller = ReturnType<typeof guestCaller> & { guestId: Id<"users"> };

/** A started guest (as the app does on its first signed-out load). */
export async function startGuest(t: TestConvex): Promise<GuestCaller> {
  const guestToken = newGuestToken();
  await t.mutation(api.guest.identity.start, { guestToken });
  const tokenIdentifier = await guestTokenIdentifier(guestToken);
  const guestId = await t.run(async (ctx) => {
    const row = await ctx.db
      .query("users")
      .withIndex("by_tokenIdentifier", (q) => q.eq("tokenIdentifier", tokenIdentifier))
      .unique();
    return row!._id;
  });
  return { ...guestCaller(t, guestToken), guestId };
}
