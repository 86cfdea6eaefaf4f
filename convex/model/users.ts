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

/**
 * The name the token carries, if any. Clerk's JWT template for Convex sends
 * `name`; Clerk's native Convex integration sends no name or email at all.
 */
function tokenName(identity: UserIdentity): string | undefined {
  const joined = [identity.givenName, identity.familyName].filter(Boolean).join(" ");
  return identity.name ?? identity.nickname ?? identity.preferredUsername ?? (joined || undefined);
}

/**
 * Returns the user for this identity, creating the user, their usage record
 * and the sign-up grant on first sight. Convex runs mutations serialisably,
 * so two tabs racing here produce one user and one grant: the loser re-reads
 * and finds the winner's row. A later sign-in updates only what the token
 * carries, so a name the token lacks (set from the client's hints) is kept.
 */
export async function ensureUser(
  ctx: MutationCtx,
  identity: UserIdentity,
): Promise<Doc<"users">> {
  const existing = await getUserByToken(ctx, identity.tokenIdentifier);
  if (existing) {
    const changes: Partial<Pick<Doc<"users">, "name" | "email">> = {};
    const name = tokenName(identity);
    if (name !== undefined && name !== existing.name) changes.name = name;
    if (identity.email !== undefined && identity.email !== existing.email) changes.email = identity.email;
    if (Object.keys(changes).length === 0) return existing;
    await ctx.db.patch("users", existing._id, changes);
    return { ...existing, ...changes };
  }
  const now = Date.now();
  const userId = await ctx.db.insert("users", {
    tokenIdentifier: identity.tokenIdentifier,
    externalId: identity.subject,
    name: tokenName(identity) ?? identity.email ?? "Helm user",
    email: identity.email,
    imageUrl: identity.pictureUrl,
    createdAt: now,
  });
  await createUsage(ctx, userId, now);
  const user = await ctx.db.get("users", userId);
  if (!user) throw new Error("user vanished right after insert");
  return user;
}

export const MAX_HINTED_NAME_LENGTH = 100;
const MAX_EMAIL_LENGTH = 254;

/**
 * Name and email the client read from its sign-in provider (Clerk's user
 * object), used only for what the token itself does not carry: the token
 * stays the authority whenever it has a claim.
 */
export async function applyProfileHints(
  ctx: MutationCtx,
  user: Doc<"users">,
  identity: UserIdentity,
  hints: { name?: string; email?: string },
): Promise<void> {
  const changes: Partial<Pick<Doc<"users">, "name" | "email">> = {};
  const name = hints.name?.trim().replace(/\s+/g, " ").slice(0, MAX_HINTED_NAME_LENGTH);
  if (tokenName(identity) === undefined && name && name !== user.name) changes.name = name;
  const email = hints.email?.trim();
  const plausible = email !== undefined && email.length <= MAX_EMAIL_LENGTH && /^[^\s@]+@[^\s@]+$/.test(email);
  if (identity.email === undefined && plausible && email !== user.email) changes.email = email;
  if (Object.keys(changes).length > 0) await ctx.db.patch("users", user._id, changes);
}
