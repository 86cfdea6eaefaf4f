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

export function guestCaller(t: TestConvex, guestToken: string) {
  return {
    guestToken,
    query<F extends FunctionReference<"query">>(fn: F, args: Without<F["_args"]>): Promise<F["_returnType"]> {
      return t.query(fn, { ...args, guestToken } as F["_args"]);
    },
    mutation<F extends FunctionReference<"mutation">>(fn: F, args: Without<F["_args"]>): Promise<F["_returnType"]> {
      return t.mutation(fn, { ...args, guestToken } as F["_args"]);
    },
  };
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
