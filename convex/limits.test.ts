import { describe, expect, test } from "vitest";
import { api } from "./_generated/api";
import { setupTest, signIn, type TestConvex } from "./test.setup";

/*
 * setupTest() holds functions to Convex's limits, with Convex's wording
 * (offline/engine/limits.ts), so a function that would fail in production
 * fails here too.
 */

const SCANNED = "Too many documents read in a single function execution (limit: 32000).";

/** `count` counters named `${prefix}<n>`, a few mutations' worth (each within the write limits). */
async function fillCounters(t: TestConvex, prefix: string, count: number) {
  for (let start = 0; start < count; start += 10_000) {
    await t.run(async (ctx) => {
      for (let n = start; n < Math.min(count, start + 10_000); n++) {
        await ctx.db.insert("counters", { name: `${prefix}${n}`, value: n });
      }
    });
  }
}

describe("Convex's limits in tests", () => {
  test("a query scanning more than 32,000 documents fails, also when a filter drops them", async () => {
    const t = setupTest();
    await fillCounters(t, "row:", 32_001);

    const firstMissing = (prefix: string) =>
      t.query(async (ctx) => {
        // The point: documents a filter drops still count as scanned.
        const found = await ctx.db
          .query("counters")
          // eslint-disable-next-line @convex-dev/no-filter-in-query
          .filter((q) => q.eq(q.field("value"), -1))
          .first();
        return { prefix, found };
      });
    await expect(firstMissing("all")).rejects.toThrow(SCANNED);

    // One document fewer in range is within the limit.
    await t.run(async (ctx) => {
      const last = await ctx.db
        .query("counters")
        .withIndex("by_name", (q) => q.eq("name", "row:32000"))
        .unique();
      await ctx.db.delete("counters", last!._id);
    });
    await expect(firstMissing("all")).resolves.toEqual({ prefix: "all", found: null });
  });

  test("a document over 1 MiB is refused with Convex's message and nothing of the mutation is written", async () => {
    const t = setupTest();
    const write = t.run(async (ctx) => {
      await ctx.db.insert("counters", { name: "before-the-big-one", value: 1 });
      await ctx.db.insert("counters", { name: "x".repeat(1 << 20), value: 2 });
    });
    await expect(write).rejects.toThrow(/^Value is too large \(1\.00 MiB > maximum size 1 MiB\)/);
    const stored = await t.run(async (ctx) => await ctx.db.query("counters").collect());
    expect(stored).toEqual([]);
  });

  test("arguments over 16 MiB are refused before the function runs", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const huge = "x".repeat(16 << 20);
    await expect(alice.mutation(api.projects.projects.create, { name: huge })).rejects.toThrow(
      "Arguments for projects/projects.js:create are too large (actual: 16.00 MiB, limit: 16 MiB)",
    );
    const projects = await alice.query(api.projects.projects.list, { paginationOpts: { numItems: 10, cursor: null } });
    expect(projects.page).toEqual([]);
  });
});
