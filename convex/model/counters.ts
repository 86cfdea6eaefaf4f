import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";

/**
 * Next value of one user's named counter. The row belongs to that user, so
 * only their own concurrent calls conflict (and Convex retries the loser);
 * no document is shared by every user's traffic. `seed` gives the last value
 * already used when the counter is first created (e.g. ids handed out before
 * counters were per user), so values are never reused.
 */
export async function nextUserCounterValue(
  ctx: MutationCtx,
  userId: Id<"users">,
  name: string,
  seed: () => Promise<number>,
): Promise<number> {
  const counter = await ctx.db
    .query("counters")
    .withIndex("by_userId_and_name", (q) => q.eq("userId", userId).eq("name", name))
    .unique();
  if (!counter) {
    const value = (await seed()) + 1;
    await ctx.db.insert("counters", { userId, name, value });
    return value;
  }
  const value = counter.value + 1;
  await ctx.db.patch("counters", counter._id, { value });
  return value;
}
