import { ConvexError } from "convex/values";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { CREDIT_COSTS, grant, refund, setPlan, spend } from "./model/billing/credits";
import type { CreditAction } from "./schema";
import { identity, setupTest, signIn, type TestConvex } from "./test.setup";

function at(iso: string) {
  vi.setSystemTime(new Date(iso));
}

async function spendAs(t: TestConvex, userId: Id<"users">, action: CreditAction, key: string) {
  return await t.run(async (ctx) => {
    const user = (await ctx.db.get("users", userId))!;
    return await spend(ctx, user, action, key);
  });
}

async function ledgerOf(t: TestConvex, userId: Id<"users">) {
  return await t.run((ctx) =>
    ctx.db.query("creditLedger").withIndex("by_userId", (q) => q.eq("userId", userId)).collect(),
  );
}

async function expectLedgerBalances(t: TestConvex, userId: Id<"users">, balance: number) {
  const rows = await ledgerOf(t, userId);
  expect(rows.reduce((sum, row) => sum + row.amount, 0)).toBe(balance);
  expect(rows.at(-1)?.balanceAfter).toBe(balance);
}

function errorData(error: unknown) {
  expect(error).toBeInstanceOf(ConvexError);
  return (error as ConvexError<Record<string, string | number>>).data;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  at("2026-03-15T12:00:00Z");
});
afterEach(() => vi.useRealTimers());

describe("sign-up", () => {
  test("grants 100 credits once however often store is called", async () => {
    const t = setupTest();
    const alice = t.withIdentity(identity("Alice"));
    const ids = await Promise.all([
      alice.mutation(api.users.store, {}),
      alice.mutation(api.users.store, {}),
      alice.mutation(api.users.store, {}),
    ]);
    expect(new Set(ids).size).toBe(1);
    const balance = await alice.query(api.credits.balance, {});
    expect(balance).toMatchObject({ remaining: 100, allowance: 100, purchased: 0, plan: "free", level: "green" });
    const rows = await ledgerOf(t, ids[0]);
    expect(rows.map((r) => r.kind)).toEqual(["signup_grant"]);
    const users = await t.run((ctx) => ctx.db.query("users").collect());
    expect(users).toHaveLength(1);
  });

  test("me answers null when signed out and the user when signed in", async () => {
    const t = setupTest();
    expect(await t.query(api.users.me, {})).toBeNull();
    const alice = await signIn(t, "Alice");
    expect(await alice.query(api.users.me, {})).toMatchObject({ name: "Alice", email: "alice@example.com" });
  });
});

describe("spending", () => {
  test.each([
    ["chat", 3],
    ["projectGeneration", 15],
    ["urlScrape", 5],
  ] as const)("%s costs %i credits", async (action, cost) => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const result = await spendAs(t, alice.userId, action, `k-${action}`);
    expect(result).toMatchObject({ charged: cost, cost, balanceAfter: 100 - cost, replayed: false });
    expect((await alice.query(api.credits.balance, {})).remaining).toBe(100 - cost);
    expect(CREDIT_COSTS[action]).toBe(cost);
  });

  test("insufficient credits throws with details and writes nothing", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    for (let i = 0; i < 6; i++) await spendAs(t, alice.userId, "projectGeneration", `gen-${i}`);
    // 100 - 90 = 10 left: a 15-credit generation can't be afforded.
    const before = await ledgerOf(t, alice.userId);
    const error = await spendAs(t, alice.userId, "projectGeneration", "gen-6").catch((e) => e);
    expect(errorData(error)).toMatchObject({
      code: "INSUFFICIENT_CREDITS",
      required: 15,
      remaining: 10,
      resetsAt: Date.parse("2026-04-01T00:00:00Z"),
    });
    expect(await ledgerOf(t, alice.userId)).toEqual(before);
    expect((await alice.query(api.credits.balance, {})).remaining).toBe(10);
  });

  test("the same idempotency key never debits twice", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const first = await spendAs(t, alice.userId, "chat", "send-1");
    const retry = await spendAs(t, alice.userId, "chat", "send-1");
    expect(retry).toMatchObject({ ledgerId: first.ledgerId, replayed: true, charged: 3 });
    expect((await alice.query(api.credits.balance, {})).remaining).toBe(97);
  });

  test("another user's idempotency key is refused, not replayed", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    await spendAs(t, alice.userId, "chat", "shared-key");
    const error = await spendAs(t, bob.userId, "chat", "shared-key").catch((e) => e);
    expect(errorData(error).code).toBe("INVALID_ARGUMENT");
    expect((await bob.query(api.credits.balance, {})).remaining).toBe(100);
  });

  test("50 concurrent spends with credits for 10 succeed exactly 10 times", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await spendAs(t, alice.userId, "urlScrape", "drain-1"); // 95
    await spendAs(t, alice.userId, "urlScrape", "drain-2"); // 90
    await spendAs(t, alice.userId, "projectGeneration", "drain-3"); // 75
    await spendAs(t, alice.userId, "projectGeneration", "drain-4"); // 60
    await spendAs(t, alice.userId, "projectGeneration", "drain-5"); // 45
    await spendAs(t, alice.userId, "projectGeneration", "drain-6"); // 30: ten chats
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => spendAs(t, alice.userId, "chat", `c-${i}`)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    for (const r of results) {
      if (r.status === "rejected") expect(errorData(r.reason).code).toBe("INSUFFICIENT_CREDITS");
    }
    expect((await alice.query(api.credits.balance, {})).remaining).toBe(0);
    await expectLedgerBalances(t, alice.userId, 0);
  });
});

describe("monthly reset", () => {
  test("the first action in a new month resets the allowance to 100", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await spendAs(t, alice.userId, "projectGeneration", "march");
    at("2026-04-01T00:00:00Z");
    // A read already shows the reset, without writing it.
    expect(await alice.query(api.credits.balance, {})).toMatchObject({
      remaining: 100,
      resetsAt: Date.parse("2026-05-01T00:00:00Z"),
    });
    expect((await ledgerOf(t, alice.userId)).map((r) => r.kind)).toEqual(["signup_grant", "debit"]);
    await spendAs(t, alice.userId, "chat", "april");
    const rows = await ledgerOf(t, alice.userId);
    expect(rows.map((r) => [r.kind, r.amount])).toEqual([
      ["signup_grant", 100],
      ["debit", -15],
      ["monthly_reset", 15],
      ["debit", -3],
    ]);
    await expectLedgerBalances(t, alice.userId, 97);
  });

  test("December rolls over into January", async () => {
    at("2026-12-31T23:59:59Z");
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await spendAs(t, alice.userId, "chat", "dec");
    expect((await alice.query(api.credits.balance, {})).resetsAt).toBe(Date.parse("2027-01-01T00:00:00Z"));
    at("2027-01-01T00:00:01Z");
    await spendAs(t, alice.userId, "chat", "jan");
    expect((await alice.query(api.credits.balance, {})).remaining).toBe(97);
    at("2027-01-31T10:00:00Z");
    await spendAs(t, alice.userId, "chat", "jan-2");
    expect((await alice.query(api.credits.balance, {})).remaining).toBe(94);
  });

  test("purchased credits survive the reset and are spent after the allowance", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await t.run((ctx) => grant(ctx, alice.userId, 500, "purchase", "evt-1"));
    await spendAs(t, alice.userId, "projectGeneration", "a");
    expect(await alice.query(api.credits.balance, {})).toMatchObject({ allowance: 85, purchased: 500, remaining: 585 });
    at("2026-04-02T00:00:00Z");
    await spendAs(t, alice.userId, "chat", "b");
    expect(await alice.query(api.credits.balance, {})).toMatchObject({ allowance: 97, purchased: 500 });
    for (let i = 0; i < 7; i++) await spendAs(t, alice.userId, "projectGeneration", `drain-${i}`);
    // 97 - 105 → allowance exhausted, 8 taken from purchased.
    expect(await alice.query(api.credits.balance, {})).toMatchObject({ allowance: 0, purchased: 492, remaining: 492 });
    await expectLedgerBalances(t, alice.userId, 492);
  });
});

describe("Pro", () => {
  test("spends nothing but records each action with its nominal cost", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await t.run((ctx) => setPlan(ctx, alice.userId, "pro", Date.parse("2026-04-15T00:00:00Z")));
    for (let i = 0; i < 40; i++) await spendAs(t, alice.userId, "chat", `pro-${i}`);
    expect(await alice.query(api.credits.balance, {})).toMatchObject({ remaining: 100, unlimited: true, plan: "pro" });
    const debits = (await ledgerOf(t, alice.userId)).filter((r) => r.kind === "debit");
    expect(debits).toHaveLength(40);
    expect(debits.every((r) => r.amount === 0 && r.cost === 3)).toBe(true);
    await expectLedgerBalances(t, alice.userId, 100);
  });

  test("an expired Pro period falls back to the free allowance", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await t.run((ctx) => setPlan(ctx, alice.userId, "pro", Date.parse("2026-03-20T00:00:00Z")));
    at("2026-03-21T00:00:00Z");
    expect((await alice.query(api.credits.balance, {})).plan).toBe("free");
    await spendAs(t, alice.userId, "chat", "after-expiry");
    expect((await alice.query(api.credits.balance, {})).remaining).toBe(97);
  });
});

describe("refunds and grants", () => {
  test("a refund restores exactly what the debit took, once", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await t.run((ctx) => grant(ctx, alice.userId, 10, "purchase", "evt"));
    for (let i = 0; i < 6; i++) await spendAs(t, alice.userId, "projectGeneration", `g-${i}`); // allowance 10
    await spendAs(t, alice.userId, "projectGeneration", "split"); // 10 allowance + 5 purchased
    const first = await t.run((ctx) => refund(ctx, "split", "model failed"));
    const second = await t.run((ctx) => refund(ctx, "split", "model failed"));
    expect(first).toEqual({ refunded: 15 });
    expect(second).toBeNull();
    expect(await alice.query(api.credits.balance, {})).toMatchObject({ allowance: 10, purchased: 10 });
    expect(await t.run((ctx) => refund(ctx, "no-such-debit"))).toBeNull();
    await expectLedgerBalances(t, alice.userId, 20);
  });

  test("grants are idempotent and admin adjustments never go below zero", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    expect(await t.run((ctx) => grant(ctx, alice.userId, 500, "purchase", "evt-9"))).toEqual({ granted: 500, balanceAfter: 600 });
    expect(await t.run((ctx) => grant(ctx, alice.userId, 500, "purchase", "evt-9"))).toBeNull();
    const adjusted = await t.mutation(internal.credits.adminAdjust, {
      userId: alice.userId,
      amount: -900,
      reason: "test clawback",
      idempotencyKey: "adj-1",
    });
    expect(adjusted).toEqual({ granted: -500, balanceAfter: 100 });
    await expectLedgerBalances(t, alice.userId, 100);
  });
});

describe("access", () => {
  test("signed-out callers are refused with UNAUTHENTICATED", async () => {
    const t = setupTest();
    for (const call of [
      () => t.query(api.credits.balance, {}),
      () => t.query(api.usage.history, { paginationOpts: { numItems: 10, cursor: null } }),
      () => t.mutation(api.users.store, {}),
    ]) {
      expect(errorData(await call().catch((e) => e)).code).toBe("UNAUTHENTICATED");
    }
  });

  test("each user sees only their own ledger", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    await spendAs(t, alice.userId, "chat", "a1");
    const bobs = await bob.query(api.usage.history, { paginationOpts: { numItems: 10, cursor: null } });
    expect(bobs.page.map((r) => r.kind)).toEqual(["signup_grant"]);
    const alices = await alice.query(api.usage.history, { paginationOpts: { numItems: 10, cursor: null } });
    expect(alices.page.map((r) => r.kind)).toEqual(["debit", "signup_grant"]);
  });
});

describe("invariant", () => {
  test("the ledger sums to the balance after a random sequence of operations", async () => {
    // Small deterministic PRNG (mulberry32) so failures reproduce.
    let seed = 20261121;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const t = setupTest();
    const users = [await signIn(t, "Ann"), await signIn(t, "Ben"), await signIn(t, "Cy")];
    const debitKeys: string[] = [];
    let day = Date.parse("2026-01-01T00:00:00Z");
    const actions: CreditAction[] = ["chat", "projectGeneration", "urlScrape"];
    for (let step = 0; step < 300; step++) {
      day += Math.floor(random() * 3) * 24 * 3600 * 1000;
      vi.setSystemTime(day);
      const user = users[Math.floor(random() * users.length)];
      const roll = random();
      if (roll < 0.6) {
        const key = `op-${step}`;
        const action = actions[Math.floor(random() * actions.length)];
        await spendAs(t, user.userId, action, key).then(
          () => debitKeys.push(key),
          (e) => expect(errorData(e).code).toBe("INSUFFICIENT_CREDITS"),
        );
      } else if (roll < 0.75 && debitKeys.length > 0) {
        const key = debitKeys[Math.floor(random() * debitKeys.length)];
        await t.run((ctx) => refund(ctx, key));
      } else if (roll < 0.85) {
        await t.run((ctx) => grant(ctx, user.userId, 50, "purchase", `buy-${step}`));
      } else if (roll < 0.9) {
        await t.run((ctx) => setPlan(ctx, user.userId, random() < 0.5 ? "pro" : "free", day + 7 * 86400000));
      } else {
        await spendAs(t, user.userId, "chat", debitKeys.at(-1) ?? "none").catch(() => undefined);
      }
    }
    for (const user of users) {
      const balance = await user.query(api.credits.balance, {});
      const usage = await t.run((ctx) =>
        ctx.db.query("userUsage").withIndex("by_userId", (q) => q.eq("userId", user.userId)).unique(),
      );
      const stored = usage!.creditsRemaining + usage!.purchasedCredits;
      await expectLedgerBalances(t, user.userId, stored);
      expect(balance.purchased).toBe(usage!.purchasedCredits);
      expect(usage!.creditsRemaining).toBeGreaterThanOrEqual(0);
      expect(usage!.purchasedCredits).toBeGreaterThanOrEqual(0);
    }
  });
});
