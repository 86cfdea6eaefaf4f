import {
  customAction,
  customCtx,
  customMutation,
  customQuery,
} from "convex-helpers/server/customFunctions";
import type { UserIdentity } from "convex/server";
import { action, mutation, query, type QueryCtx } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { appError, ErrorCode } from "./errors";
import { ensureUser, getUserByToken } from "./model/users";

/** Refuses a caller who is not signed in. */
export function signedOut(): never {
  throw appError(ErrorCode.UNAUTHENTICATED, "Please sign in to continue.");
}

async function requireIdentity(ctx: {
  auth: { getUserIdentity: () => Promise<UserIdentity | null> };
}): Promise<UserIdentity> {
  return (await ctx.auth.getUserIdentity()) ?? signedOut();
}

/**
 * A signed-in caller's record, for a query (which cannot create it): one whose
 * record does not exist yet (the app calls `users.store` right after sign-in)
 * is treated as signed out.
 */
export async function storedUser(ctx: QueryCtx, identity: UserIdentity): Promise<Doc<"users">> {
  const user = await getUserByToken(ctx, identity.tokenIdentifier);
  if (!user) throw appError(ErrorCode.UNAUTHENTICATED, "Your account is still being set up.");
  return user;
}

/** Public query for a signed-in user. `ctx.user` is their record (see `storedUser`). */
export const authedQuery = customQuery(
  query,
  customCtx(async (ctx) => {
    const identity = await requireIdentity(ctx);
    return { user: await storedUser(ctx, identity), identity };
  }),
);

/**
 * Public query that also answers signed-out callers: `ctx.user` is null
 * until someone is signed in and stored.
 */
export const maybeAuthedQuery = customQuery(
  query,
  customCtx(async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    const user = identity ? await getUserByToken(ctx, identity.tokenIdentifier) : null;
    return { user };
  }),
);

/** Public mutation for a signed-in user; creates their records on first use. */
export const authedMutation = customMutation(
  mutation,
  customCtx(async (ctx) => {
    const identity = await requireIdentity(ctx);
    const user = await ensureUser(ctx, identity);
    return { user, identity };
  }),
);

/** Public action for a signed-in user. Actions have no db: only the identity. */
export const authedAction = customAction(
  action,
  customCtx(async (ctx) => {
    const identity = await requireIdentity(ctx);
    return { identity };
  }),
);
