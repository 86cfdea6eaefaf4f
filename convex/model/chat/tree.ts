import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { appError, ErrorCode } from "../../errors";
import { ReadBudget, sizeOf } from "../budget";

/**
 * A chat as a tree of versions. Each message names its parent (the message
 * it answers or follows; null at the top). Regenerating a reply, editing a
 * message or continuing a stopped reply adds a sibling — a new version —
 * instead of overwriting, so earlier versions and everything that followed
 * them stay reachable.
 *
 * The chosen path is materialised: every message off it carries `offPath`,
 * so the chat view lists the path through an index (no tree walk per read),
 * and the session keeps the path's newest message (`leafId`), which the next
 * send follows. Among siblings, the one chosen most recently (`selectedAt`)
 * is the one followed when a branch comes back into view.
 *
 * Messages from before versions have no parent field; their chat is one
 * line in creation order, so their parent is simply the message before
 * them. A message is given its parent the first time it gets a sibling.
 */

/** Versions one message may have (each is a paid reply or an edit). */
export const MAX_VERSIONS = 50;
/**
 * What switching versions may read: each message of the branch hidden and
 * of the branch shown is read (with its siblings) and patched. Well under
 * Convex's 32,000 documents and 16 MiB, so a switch fails with a clear
 * error rather than at a limit.
 */
const SWITCH_MAX_READS = 12_000;
const SWITCH_MAX_BYTES = 8 * 1024 * 1024;

/** The message's parent; for a message from before versions, the one before it. */
export async function parentOf(ctx: QueryCtx, message: Doc<"chatMessages">): Promise<Id<"chatMessages"> | null> {
  if (message.parentId !== undefined) return message.parentId;
  const previous = await ctx.db
    .query("chatMessages")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", message.sessionId).lt("_creationTime", message._creationTime))
    .order("desc")
    .first();
  return previous?._id ?? null;
}

/** The newest message of the chosen path: what a new message follows (null in an empty chat). */
export async function leafOf(ctx: QueryCtx, session: Doc<"chatSessions">): Promise<Id<"chatMessages"> | null> {
  if (session.leafId !== undefined) return session.leafId;
  // A chat from before versions is one line: its newest message.
  const newest = await ctx.db
    .query("chatMessages")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", session._id))
    .order("desc")
    .first();
  return newest?._id ?? null;
}

/** A message's versions (the children of one parent), oldest first. */
export async function siblingsUnder(
  ctx: QueryCtx,
  sessionId: Id<"chatSessions">,
  parentId: Id<"chatMessages"> | null,
): Promise<Doc<"chatMessages">[]> {
  return await ctx.db
    .query("chatMessages")
    .withIndex("by_sessionId_and_parentId", (q) => q.eq("sessionId", sessionId).eq("parentId", parentId))
    .take(MAX_VERSIONS);
}

const chosenAt = (m: Doc<"chatMessages">) => m.selectedAt ?? m._creationTime;

/** The child the path follows below `node`: the most recently chosen version. */
async function chosenChild(ctx: QueryCtx, node: Doc<"chatMessages">): Promise<Doc<"chatMessages"> | null> {
  const children = await siblingsUnder(ctx, node.sessionId, node._id);
  if (children.length > 0) return children.reduce((a, b) => (chosenAt(b) > chosenAt(a) ? b : a));
  // Below a message from before versions comes the next one of its line.
  const next = await ctx.db
    .query("chatMessages")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", node.sessionId).gt("_creationTime", node._creationTime))
    .first();
  return next && next.parentId === undefined ? next : null;
}

function tooLong(): never {
  throw appError(
    ErrorCode.BRANCH_TOO_LONG,
    "This chat is too long after this message to switch versions here.",
  );
}

/**
 * Walks the branch from `top` down its chosen children, patching each
 * message; returns the last one. A streaming reply cannot leave the path
 * (it would go on writing, and charging, out of sight).
 */
async function walkBranch(
  ctx: MutationCtx,
  top: Doc<"chatMessages">,
  budget: ReadBudget,
  patch: Partial<Doc<"chatMessages">>,
  refuseStreaming: boolean,
): Promise<Doc<"chatMessages">> {
  let last = top;
  for (let node: Doc<"chatMessages"> | null = top; node; node = await chosenChild(ctx, node)) {
    if (refuseStreaming && node.status === "streaming") {
      throw appError(ErrorCode.ALREADY_STREAMING, "This reply is still being written.");
    }
    // The node, its children (about one each) and the patch.
    budget.charge(3, 3 * sizeOf(node));
    if (budget.exhausted) tooLong();
    await ctx.db.patch("chatMessages", node._id, patch);
    last = node;
  }
  return last;
}

/**
 * Makes `to` the chosen version in place of `from` (its sibling on the
 * path): `from`'s branch leaves the path, `to`'s branch — followed by its
 * chosen versions — joins it, and the session's leaf moves to its end.
 */
export async function choose(
  ctx: MutationCtx,
  session: Doc<"chatSessions">,
  from: Doc<"chatMessages">,
  to: Doc<"chatMessages">,
): Promise<Id<"chatMessages">> {
  const budget = new ReadBudget(SWITCH_MAX_READS, SWITCH_MAX_BYTES);
  if (from._id !== to._id) await walkBranch(ctx, from, budget, { offPath: true }, true);
  await ctx.db.patch("chatMessages", to._id, { selectedAt: Date.now() });
  const leaf = await walkBranch(ctx, (await ctx.db.get("chatMessages", to._id))!, budget, { offPath: undefined }, false);
  await ctx.db.patch("chatSessions", session._id, { leafId: leaf._id });
  return leaf._id;
}

/**
 * Inserts a new version of `current` (a message on the path) with `fields`,
 * numbers the versions, and makes it the chosen one. Returns its id.
 */
export async function addVersion(
  ctx: MutationCtx,
  session: Doc<"chatSessions">,
  current: Doc<"chatMessages">,
  fields: Omit<Doc<"chatMessages">, "_id" | "_creationTime" | "parentId" | "sessionId" | "userId">,
): Promise<Id<"chatMessages">> {
  const parentId = await parentOf(ctx, current);
  if (current.parentId === undefined) await ctx.db.patch("chatMessages", current._id, { parentId });
  const siblings = await siblingsUnder(ctx, session._id, parentId);
  if (siblings.length >= MAX_VERSIONS) {
    throw appError(ErrorCode.VERSION_LIMIT, `A message can have at most ${MAX_VERSIONS} versions.`, {
      max: MAX_VERSIONS,
    });
  }
  const count = siblings.length + 1;
  const id = await ctx.db.insert("chatMessages", {
    ...fields,
    sessionId: session._id,
    userId: session.userId,
    parentId,
    version: count,
    versionCount: count,
  });
  for (const [i, sibling] of siblings.entries()) {
    await ctx.db.patch("chatMessages", sibling._id, { version: i + 1, versionCount: count });
  }
  await choose(ctx, session, current, (await ctx.db.get("chatMessages", id))!);
  return id;
}

/** The sibling of `message` at 1-based `version`, and the one on the path now. */
export async function versionsOf(ctx: QueryCtx, message: Doc<"chatMessages">) {
  const parentId = message.parentId === undefined ? undefined : message.parentId;
  const siblings = parentId === undefined ? [message] : await siblingsUnder(ctx, message.sessionId, parentId);
  const current = siblings.find((s) => s.offPath !== true) ?? null;
  return { siblings, current };
}
