import type { UserIdentity } from "convex/server";
import type { Doc } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { createUsage } from "./billing/credits";

export async function getUserByToken(
  ctx: QueryCtx,
  tokenIdentifier: string,
): Promise<Doc<"users"> | null> {
  return await ctx.db
    .query("users")
    .withIndex("by_tokenIdentifier", (q) => q.eq("tokenIdentifier", tokenIdentifier))
    .unique();
}

export async function getUserByExternalId(
  ctx: QueryCtx,
  externalId: string,
): Promise<Doc<"users"> | null> {
  return await ctx.db
    .query("users")
    .withIndex("by_externalId", (q) => q.eq("externalId", externalId))
    .unique();
}

function displayName(identity: UserIdentity): string {
  return (
    identity.name ??
    identity.nickname ??
    identity.preferredUsername ??
    identity.email ??
    "Helm user"
  );
}

/**
 * Returns the user for this identity, creating the user, their usage record
 * and the sign-up grant on first sight. Convex runs mutations serialisably,
 * so two tabs racing here produce one user and one grant: the loser re-reads
 * and finds the winner's row.
 */
export async function ensureUser(
  ctx: MutationCtx,
  identity: UserIdentity,
): Promise<Doc<"users">> {
  const existing = await getUserByToken(ctx, identity.tokenIdentifier);
  if (existing) {
    const name = displayName(identity);
    if (existing.name !== name || existing.email !== identity.email) {
      await ctx.db.patch("users", existing._id, { name, email: identity.email });
      return { ...existing, name, email: identity.email };
    }
    return existing;
  }
  const now = Date.now();
  const userId = await ctx.db.insert("users", {
    tokenIdentifier: identity.tokenIdentifier,
    externalId: identity.subject,
    name: displayName(identity),
    email: identity.email,
    imageUrl: identity.pictureUrl,
    createdAt: now,
  });
  await createUsage(ctx, userId, now);
  const user = await ctx.db.get("users", userId);
  if (!user) throw new Error("user vanished right after insert");
  return user;
}
