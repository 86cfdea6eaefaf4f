import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { refund, spend } from "./model/billing/credits";
import type { CreditAction } from "./schema";
import { setupTest, signIn, type TestConvex } from "./test.setup";

function at(iso: string) {
  vi.setSystemTime(new Date(iso));
}

async function spendAt(t: TestConvex, userId: Id<"users">, iso: string, action: CreditAction, key: string) {
  at(iso);
  await t.run(async (ctx) => {
    const user = (await ctx.db.get("users", userId))!;
    await spend(ctx, user, action, key);
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => vi.useRealTimers());

describe("credits spent per day", () => {
  test("sums this month's debits per UTC day and action, net of refunds", async () => {
    at("2026-02-27T10:00:00Z");
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await spendAt(t, alice.userId, "2026-02-28T23:59:00Z", "chat", "feb");
    await spendAt(t, alice.userId, "2026-03-01T00:00:30Z", "chat", "m1-a");
    await spendAt(t, alice.userId, "2026-03-01T08:00:00Z", "chat", "m1-b");
    await spendAt(t, alice.userId, "2026-03-03T12:00:00Z", "urlScrape", "m3");
    await spendAt(t, alice.userId, "2026-03-15T09:00:00Z", "projectGeneration", "m15-gen");
    await spendAt(t, alice.userId, "2026-03-15T09:30:00Z", "projectGeneration", "m15-gen-2");
    at("2026-03-15T09:31:00Z");
    await t.run((ctx) => refund(ctx, "m15-gen-2"));

    at("2026-03-15T12:00:00Z");
    const chart = await alice.query(api.usage.spendByDay, {});
    expect(chart.monthStart).toBe(Date.UTC(2026, 2, 1));
    expect(chart.today).toBe(15);
    expect(chart.days).toHaveLength(31);
    expect(chart.days[0]).toEqual({ day: 1, chat: 6, projectGeneration: 0, urlScrape: 0, total: 6 });
    expect(chart.days[2]).toMatchObject({ day: 3, urlScrape: 5, total: 5 });
    expect(chart.days[14]).toMatchObject({ day: 15, projectGeneration: 15, total: 15 });
    expect(chart.days.filter((day) => day.total !== 0).map((day) => day.day)).toEqual([1, 3, 15]);
    expect(chart.totalSpent).toBe(26);
    expect(chart.truncated).toBe(false);
  });

  test("shows another user nothing", async () => {
    at("2026-03-10T10:00:00Z");
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    await spendAt(t, alice.userId, "2026-03-10T11:00:00Z", "chat", "a");
    expect((await bob.query(api.usage.spendByDay, {})).totalSpent).toBe(0);
  });
});

describe("ledger history", () => {
  test("newest first, saying what each row paid for, in bounded pages", async () => {
    at("2026-03-10T10:00:00Z");
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await t.run(async (ctx) => {
      const projectId = await ctx.db.insert("projects", {
        userId: alice.userId,
        name: "Launch plan",
        description: "",
        source: "ai",
        createdAt: 1,
        updatedAt: 1,
      });
      const jobId = await ctx.db.insert("aiJobs", {
        userId: alice.userId,
        kind: "projectGeneration",
        status: "succeeded",
        input: "plan a launch",
        projectId,
        debitKey: "gen-1",
        createdAt: 1,
        updatedAt: 1,
      });
      const user = (await ctx.db.get("users", alice.userId))!;
      await spend(ctx, user, "projectGeneration", "gen-1", { type: "job", id: jobId });

    });
    await t.run(async (ctx) => {
      const user = (await ctx.db.get("users", alice.userId))!;
      await spend(ctx, user, "urlScrape", "scrape-1", { type: "job", id: "not-a-job" });
      await refund(ctx, "scrape-1", "URL_TIMEOUT");
    });

    const first = await alice.query(api.usage.history, { paginationOpts: { numItems: 2, cursor: null } });
    expect(first.page.map((row) => [row.title, row.amount])).toEqual([
      ["Refund · URL import", 5],
      ["URL import", -5],
    ]);
    const rest = await alice.query(api.usage.history, {
      paginationOpts: { numItems: 1000, cursor: first.continueCursor },
    });
    expect(rest.page.map((row) => row.title)).toEqual(["AI project generation", "Welcome credits"]);
    const generation = rest.page[0]!;
    expect(generation.detail).toBe("Launch plan — “plan a launch”");
    expect(generation.link).toMatchObject({ type: "project" });
    expect(generation.amount).toBe(-15);
  });

  test("never describes another user's things", async () => {
    at("2026-03-10T10:00:00Z");
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    const aliceJob = await t.run((ctx) =>
      ctx.db.insert("aiJobs", {
        userId: alice.userId,
        kind: "urlScrape",
        status: "succeeded",
        input: "https://alice.example/secret",
        debitKey: "a",
        createdAt: 1,
        updatedAt: 1,
      }),
    );
    // A ledger row of Bob's that (wrongly) points at Alice's job reveals nothing.
    await t.run(async (ctx) => {
      const user = (await ctx.db.get("users", bob.userId))!;
      await spend(ctx, user, "urlScrape", "b", { type: "job", id: aliceJob });
    });
    const { page } = await bob.query(api.usage.history, { paginationOpts: { numItems: 10, cursor: null } });
    expect(page[0]!.title).toBe("URL import");
    expect(page[0]!.detail).toBeUndefined();
    expect(page.every((row) => row.link === undefined)).toBe(true);
  });
});
