import { describe, expect, test } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
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

// Building tens of thousands of documents takes seconds on a busy machine.
describe("Convex's limits in tests", { timeout: 60_000 }, () => {
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
    const pageOfMissing = t.query(async (ctx) => {
      return await ctx.db
        .query("counters")
        // eslint-disable-next-line @convex-dev/no-filter-in-query
        .filter((q) => q.eq(q.field("value"), -1))
        .paginate({ numItems: 10, cursor: null });
    });
    await expect(pageOfMissing).rejects.toThrow(SCANNED);

    // One document fewer in range is within the limit.
    await t.run(async (ctx) => {
      const last = await ctx.db
        .query("counters")
        .withIndex("by_userId_and_name", (q) => q.eq("userId", undefined).eq("name", "row:32000"))
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

  test("each limit convex-test meters is reported in Convex's words", async () => {
    const t = setupTest();
    const MB = 1_000_000;

    await expect(
      t.run(async (ctx) => {
        for (let n = 0; n <= 16_000; n++) await ctx.db.insert("counters", { name: `w${n}`, value: n });
      }),
    ).rejects.toThrow(/^Too many writes in a single function execution \(limit: 16000\)$/);

    await expect(
      t.run(async (ctx) => {
        for (let n = 0; n < 17; n++) await ctx.db.insert("counters", { name: "x".repeat(MB), value: n });
      }),
    ).rejects.toThrow(/^Too many bytes written in a single function execution \(limit: 16 MiB\)$/);

    const ids: Id<"counters">[] = [];
    for (const names of [["a", "b", "c", "d", "e", "f", "g", "h", "i"], ["j", "k", "l", "m", "n", "o", "p", "q"]]) {
      ids.push(
        ...(await t.run(async (ctx) =>
          Promise.all(names.map((name) => ctx.db.insert("counters", { name: name.repeat(MB), value: 0 }))),
        )),
      );
    }
    await expect(
      t.query(async (ctx) => {
        for (const id of ids) await ctx.db.get("counters", id);
      }),
    ).rejects.toThrow(
      "Too many bytes read in a single function execution (limit: 16777216 bytes). Consider using smaller limits",
    );

    // Distinct documents: Convex counts each index range once, however often it is read.
    const small = await t.run(async (ctx) => {
      const inserted: Id<"counters">[] = [];
      for (let n = 0; n <= 4096; n++) inserted.push(await ctx.db.insert("counters", { name: `s${n}`, value: n }));
      return inserted;
    });
    await expect(
      t.query(async (ctx) => {
        for (const id of small) await ctx.db.get("counters", id);
      }),
    ).rejects.toThrow("Too many reads in a single function execution (limit: 4096). Consider using smaller limits");

    const alice = await signIn(t, "Alice");
    await expect(
      t.run(async (ctx) => {
        for (let n = 0; n <= 1000; n++) {
          await ctx.scheduler.runAfter(86_400_000, internal.credits.adminAdjust, {
            userId: alice.userId,
            amount: 1,
            reason: "limits",
            idempotencyKey: `limits:${n}`,
          });
        }
      }),
    ).rejects.toThrow(/^Too many functions scheduled by this mutation \(limit: 1000\)$/);
  });

  test("documents a filter drops count as read; reads of system tables do not", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await fillCounters(t, "few:", 10);
    await t.run(async (ctx) => {
      for (let n = 0; n < 3; n++) {
        const args = { userId: alice.userId, amount: 1, reason: "later", idempotencyKey: `later:${n}` };
        await ctx.scheduler.runAfter(86_400_000, internal.credits.adminAdjust, args);
      }
    });
    const used = await t.query(async (ctx) => {
      const jobs = await ctx.db.system.query("_scheduled_functions").collect();
      await ctx.db.system.get(jobs[0]._id);
      const ninth = await ctx.db
        .query("counters")
        // eslint-disable-next-line @convex-dev/no-filter-in-query
        .filter((q) => q.eq(q.field("value"), 8))
        .first();
      const metrics = await ctx.meta.getTransactionMetrics();
      return { jobs: jobs.length, ninth: ninth?.name, documentsRead: metrics.documentsRead.used };
    });
    // Nine counters scanned to find the ninth; the three jobs and the job read again are free.
    expect(used).toEqual({ jobs: 3, ninth: "few:8", documentsRead: 9 });
  });
});
