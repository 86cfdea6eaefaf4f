import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation } from "../_generated/server";
import { ownerMutation, ownerQuery } from "../ownerFunctions";
import { notFound } from "../errors";
import { boundedPage } from "../model/pagination";
import { isGuest } from "../model/guest/guests";
import { guestChatExpiry } from "../model/guest/expiry";
import { assertContextAllowed, assertModelAllowed } from "../model/guest/rules";
import { chatCatalogue, requireModel } from "../model/chat/models";
import {
  sessionDetailValidator,
  sessionStatsValidator,
  sessionViewValidator,
} from "../model/chat/validators";
import {
  createSession,
  DEFAULT_SESSION_TITLE,
  deleteMessagesBatch,
  findOwnedSession,
  getOwnedSession,
  sessionDetail,
  sessionStats,
  sessionView,
  validTitle,
} from "../model/chat/sessions";

/** The caller's chats that are not archived, most recently updated first (the sidebar, Quick Chat). */
export const list = ownerQuery({
  args: { paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(sessionViewValidator),
  handler: async (ctx, { paginationOpts }) => {
    const page = await ctx.db
      .query("chatSessions")
      .withIndex("by_userId_and_archivedAt_and_updatedAt", (q) =>
        q.eq("userId", ctx.user._id).eq("archivedAt", undefined),
      )
      .order("desc")
      .paginate(boundedPage(paginationOpts));
    return { ...page, page: page.page.map(sessionView) };
  },
});

const sessionRef = { displayId: v.optional(v.string()), sessionId: v.optional(v.id("chatSessions")) };

/** One of the caller's chats by display id (or id); null when missing or not theirs. */
export const get = ownerQuery({
  args: sessionRef,
  returns: v.union(sessionDetailValidator, v.null()),
  handler: async (ctx, ref) => {
    const session = await findOwnedSession(ctx, ctx.user._id, ref);
    return session ? sessionDetail(session) : null;
  },
});

/**
 * A chat's last activity, message count and totals. The chat view reads it
 * once when it opens (where history ends); the info panel subscribes while
 * it is open. Kept out of `get` so a turn doesn't re-send the chat to every
 * open tab.
 */
export const stats = ownerQuery({
  args: sessionRef,
  returns: v.union(sessionStatsValidator, v.null()),
  handler: async (ctx, ref) => {
    const session = await findOwnedSession(ctx, ctx.user._id, ref);
    return session ? sessionStats(session) : null;
  },
});

export const create = ownerMutation({
  args: { title: v.optional(v.string()) },
  returns: v.object({ sessionId: v.id("chatSessions"), displayId: v.string() }),
  handler: async (ctx, { title }) => {
    const chosen = title === undefined ? DEFAULT_SESSION_TITLE : validTitle(title);
    const session = await createSession(ctx, ctx.user._id, chosen);
    if (isGuest(ctx.user)) await ctx.db.patch("chatSessions", session._id, { expiresAt: guestChatExpiry(Date.now()) });
    return { sessionId: session._id, displayId: session.displayId };
  },
});

export const rename = ownerMutation({
  args: { sessionId: v.id("chatSessions"), title: v.string() },
  returns: v.null(),
  handler: async (ctx, { sessionId, title }) => {
    await getOwnedSession(ctx, ctx.user._id, sessionId);
    await ctx.db.patch("chatSessions", sessionId, { title: validTitle(title) });
    return null;
  },
});

export const setIncludeContext = ownerMutation({
  args: { sessionId: v.id("chatSessions"), includeContext: v.boolean() },
  returns: v.null(),
  handler: async (ctx, { sessionId, includeContext }) => {
    await getOwnedSession(ctx, ctx.user._id, sessionId);
    assertContextAllowed(ctx.user, includeContext);
    await ctx.db.patch("chatSessions", sessionId, { includeContext });
    return null;
  },
});

/** Picks the chat's model (remembered; the next send uses it). */
export const setModel = ownerMutation({
  args: { sessionId: v.id("chatSessions"), modelId: v.string() },
  returns: v.null(),
  handler: async (ctx, { sessionId, modelId }) => {
    await getOwnedSession(ctx, ctx.user._id, sessionId);
    const model = requireModel(chatCatalogue(), modelId);
    assertModelAllowed(ctx.user, model);
    await ctx.db.patch("chatSessions", sessionId, { modelId: model.id });
    return null;
  },
});

/**
 * Deletes a chat. The session disappears in this transaction; its messages
 * go in batches, the rest through the scheduler when the chat is large.
 */
export const remove = ownerMutation({
  args: { sessionId: v.id("chatSessions") },
  returns: v.null(),
  handler: async (ctx, { sessionId }) => {
    const session = await ctx.db.get("chatSessions", sessionId);
    if (!session || session.userId !== ctx.user._id) throw notFound("That chat");
    await ctx.db.delete("chatSessions", sessionId);
    if (await deleteMessagesBatch(ctx, sessionId)) {
      await ctx.scheduler.runAfter(0, internal.chat.sessions.deleteMessages, { sessionId });
    }
    return null;
  },
});

/** One batch of a deleted chat's messages; reschedules itself until none are left. */
export const deleteMessages = internalMutation({
  args: { sessionId: v.id("chatSessions") },
  returns: v.null(),
  handler: async (ctx, { sessionId }) => {
    if (await deleteMessagesBatch(ctx, sessionId)) {
      await ctx.scheduler.runAfter(0, internal.chat.sessions.deleteMessages, { sessionId });
    }
    return null;
  },
});
