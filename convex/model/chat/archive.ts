import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { appError, ErrorCode } from "../../errors";

/**
 * An archived chat is read-only until unarchived (as ChatGPT's are): sends,
 * retries and new versions are refused, whatever client asks. A request key
 * already answered still gets its answer (callers check this after replays).
 */
export function assertNotArchived(session: Doc<"chatSessions">): void {
  if (session.archivedAt !== undefined) {
    throw appError(ErrorCode.CHAT_ARCHIVED, "This chat is archived. Unarchive it to keep chatting.");
  }
}

/*
 * "Archive all" and "Delete all" touch every chat a user has, so each runs
 * in batches, one transaction each, continued through the scheduler: a batch
 * writes at most a few hundred small documents and schedules at most
 * DELETE_ALL_BATCH message deletions, far inside Convex's 16,000 writes and
 * 1,000 scheduled functions. Both act on the chats that existed when the
 * user asked (`cutoff`, a creation time), so a chat started meanwhile stays.
 */

export const ARCHIVE_ALL_BATCH = 200;
export const DELETE_ALL_BATCH = 100;

/** Archives one page of the user's chats; returns the cursor to continue from, or null when done. */
export async function archiveAllBatch(
  ctx: MutationCtx,
  userId: Id<"users">,
  cutoff: number,
  cursor: string | null,
): Promise<string | null> {
  const page = await ctx.db
    .query("chatSessions")
    .withIndex("by_userId", (q) => q.eq("userId", userId).lte("_creationTime", cutoff))
    .paginate({ cursor, numItems: ARCHIVE_ALL_BATCH });
  const now = Date.now();
  for (const session of page.page) {
    if (session.archivedAt === undefined) await ctx.db.patch("chatSessions", session._id, { archivedAt: now });
  }
  return page.isDone ? null : page.continueCursor;
}

/**
 * Deletes one batch of the user's chats: each chat goes now, its messages
 * through `deleteMessages` (batched by size, as a single delete is). Returns
 * true when more chats remain.
 */
export async function deleteAllBatch(
  ctx: MutationCtx,
  userId: Id<"users">,
  cutoff: number,
  deleteMessages: (sessionId: Id<"chatSessions">) => Promise<unknown>,
): Promise<boolean> {
  const sessions = await ctx.db
    .query("chatSessions")
    .withIndex("by_userId", (q) => q.eq("userId", userId).lte("_creationTime", cutoff))
    .take(DELETE_ALL_BATCH + 1);
  for (const session of sessions.slice(0, DELETE_ALL_BATCH)) {
    await ctx.db.delete("chatSessions", session._id);
    await deleteMessages(session._id);
  }
  return sessions.length > DELETE_ALL_BATCH;
}
