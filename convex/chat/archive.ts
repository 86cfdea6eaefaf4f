import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation } from "../_generated/server";
import { authedMutation, authedQuery } from "../functions";
import { boundedPage } from "../model/pagination";
import { archiveAllBatch, deleteAllBatch } from "../model/chat/archive";
import { getOwnedSession, sessionView } from "../model/chat/sessions";
import { sessionViewValidator } from "../model/chat/validators";

/** Archives one of the caller's chats: it leaves the sidebar and Quick Chat, nothing is deleted. */
export const archive = authedMutation({
  args: { sessionId: v.id("chatSessions") },
  returns: v.null(),
  handler: async (ctx, { sessionId }) => {
    const session = await getOwnedSession(ctx, ctx.user._id, sessionId);
    if (session.archivedAt === undefined) await ctx.db.patch("chatSessions", sessionId, { archivedAt: Date.now() });
    return null;
  },
});

export const unarchive = authedMutation({
  args: { sessionId: v.id("chatSessions") },
  returns: v.null(),
  handler: async (ctx, { sessionId }) => {
    await getOwnedSession(ctx, ctx.user._id, sessionId);
    await ctx.db.patch("chatSessions", sessionId, { archivedAt: undefined });
    return null;
  },
});

/** The caller's archived chats, most recently archived first. */
export const listArchived = authedQuery({
  args: { paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(v.object({ ...sessionViewValidator.fields, archivedAt: v.number() })),
  handler: async (ctx, { paginationOpts }) => {
    const page = await ctx.db
      .query("chatSessions")
      .withIndex("by_userId_and_archivedAt_and_updatedAt", (q) => q.eq("userId", ctx.user._id).gt("archivedAt", 0))
      .order("desc")
      .paginate(boundedPage(paginationOpts));
    return { ...page, page: page.page.map((s) => ({ ...sessionView(s), archivedAt: s.archivedAt! })) };
  },
});

/** Archives every chat the caller has now, in batches (the first in this transaction). */
export const archiveAll = authedMutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    const cutoff = Date.now();
    const cursor = await archiveAllBatch(ctx, ctx.user._id, cutoff, null);
    if (cursor !== null) {
      await ctx.scheduler.runAfter(0, internal.chat.archive.continueArchiveAll, { userId: ctx.user._id, cutoff, cursor });
    }
    return null;
  },
});

export const continueArchiveAll = internalMutation({
  args: { userId: v.id("users"), cutoff: v.number(), cursor: v.string() },
  returns: v.null(),
  handler: async (ctx, { userId, cutoff, cursor }) => {
    const next = await archiveAllBatch(ctx, userId, cutoff, cursor);
    if (next !== null) await ctx.scheduler.runAfter(0, internal.chat.archive.continueArchiveAll, { userId, cutoff, cursor: next });
    return null;
  },
});

/** Deletes every chat the caller has now (archived or not) with their messages, in batches. */
export const deleteAll = authedMutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    const cutoff = Date.now();
    await deleteAllAndContinue(ctx, ctx.user._id, cutoff);
    return null;
  },
});

export const continueDeleteAll = internalMutation({
  args: { userId: v.id("users"), cutoff: v.number() },
  returns: v.null(),
  handler: async (ctx, { userId, cutoff }) => {
    await deleteAllAndContinue(ctx, userId, cutoff);
    return null;
  },
});

async function deleteAllAndContinue(
  ctx: Parameters<typeof deleteAllBatch>[0],
  userId: Parameters<typeof deleteAllBatch>[1],
  cutoff: number,
) {
  const more = await deleteAllBatch(ctx, userId, cutoff, (sessionId) =>
    ctx.scheduler.runAfter(0, internal.chat.sessions.deleteMessages, { sessionId }),
  );
  if (more) await ctx.scheduler.runAfter(0, internal.chat.archive.continueDeleteAll, { userId, cutoff });
}
