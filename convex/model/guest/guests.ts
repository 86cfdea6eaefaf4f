import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { appError, ErrorCode } from "../../errors";
import { getUserByToken } from "../users";
import { perClockHour, takeOne } from "../rateLimits";
import { guestTokenIdentifier } from "./token";

/**
 * A guest is a `users` row of kind "guest", so the chat code (ownership,
 * send, reply, streaming, sweeper, history) serves guests unchanged: the
 * guest's id is the owner. Guests have no usage row and never reach credits.
 */

const DAY_MS = 86_400_000;
/** New guests per clock hour, deployment-wide: each is a row, so minting tokens in bulk stops here. */
export const NEW_GUESTS_PER_HOUR = 1_000;

export const isGuest = (user: Pick<Doc<"users">, "kind">) => user.kind === "guest";

function claimedError(): never {
  throw appError(
    ErrorCode.GUEST_TOKEN_CLAIMED,
    "These chats moved to an account when it signed in. Sign in to see them.",
  );
}

/** The guest this token stands for, if the server knows it (claimed or not). */
export async function findGuest(ctx: QueryCtx, token: string | undefined): Promise<Doc<"users"> | null> {
  const user = await getUserByToken(ctx, await guestTokenIdentifier(token));
  return user && isGuest(user) ? user : null;
}

/** The caller's guest: GUEST_TOKEN_INVALID for a token never started here, GUEST_TOKEN_CLAIMED once spent. */
export async function requireGuest(ctx: QueryCtx, token: string | undefined): Promise<Doc<"users">> {
  const guest = await findGuest(ctx, token);
  if (!guest) {
    throw appError(ErrorCode.GUEST_TOKEN_INVALID, "This guest session is not known here. Reload the page to start a new one.");
  }
  if (guest.claimedBy) claimedError();
  return guest;
}

/**
 * Registers the browser's token as a guest (once; later calls only keep
 * `lastSeenAt` within a day of now). Two tabs starting at once make one
 * guest: Convex serialises the two transactions and the second finds the row.
 */
export async function startGuest(ctx: MutationCtx, token: string | undefined): Promise<Id<"users">> {
  const tokenIdentifier = await guestTokenIdentifier(token);
  const existing = await getUserByToken(ctx, tokenIdentifier);
  const now = Date.now();
  if (existing) {
    if (!isGuest(existing)) throw appError(ErrorCode.GUEST_TOKEN_INVALID, "This guest token is not valid.");
    if (existing.claimedBy) claimedError();
    if ((existing.lastSeenAt ?? 0) < now - DAY_MS) await ctx.db.patch("users", existing._id, { lastSeenAt: now });
    return existing._id;
  }
  const allowed = await takeOne(ctx, "newGuests", perClockHour(NEW_GUESTS_PER_HOUR));
  if (!allowed.ok) {
    throw appError(ErrorCode.GUEST_BUDGET_SPENT, "Guest chat is busy right now. Sign in to keep chatting.", {
      resetsAt: allowed.resetsAt,
    });
  }
  return await ctx.db.insert("users", {
    kind: "guest",
    tokenIdentifier,
    // Never an auth provider's subject or an Autumn customer: guests have neither.
    externalId: tokenIdentifier,
    name: "Guest",
    createdAt: now,
    lastSeenAt: now,
  });
}

