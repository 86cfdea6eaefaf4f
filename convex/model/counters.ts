import type { MutationCtx } from "../_generated/server";

/**
 * Next value of a named monotonic counter, starting at 1. The read and the
 * write happen in the caller's transaction, so concurrent callers conflict
 * and retry instead of ever getting the same value.
 */
export async function nextCounterValue(ctx: MutationCtx, name: string): Promise<number> {
  const counter = await ctx.db
    .query("counters")
    .withIndex("by_name", (q) => q.eq("name", name))
    .unique();
  if (!counter) {
    await ctx.db.insert("counters", { name, value: 1 });
    return 1;
  }
  const value = counter.value + 1;
  await ctx.db.patch("counters", counter._id, { value });
  return value;
}
