/**
 * Shared pieces of the chat tests. (Two dots in the name keep Convex from
 * deploying it.) Tests run on real timers: the generation action uses
 * timers of its own (50 ms flushes, an idle timeout) that fake timers would
 * fire out of order.
 */
import { ConvexError } from "convex/values";
import { afterEach, beforeEach, vi } from "vitest";
import type { Id } from "../_generated/dataModel";
import type { TestConvex } from "../test.setup";
import { FakeModel } from "./fakeModel.testing";

export const OFFLINE_URL = "http://127.0.0.1:9/_helm/model/v1";

/**
 * Before each test: a fresh FakeModel as global fetch (handed to `use`), and
 * the offline provider configured so the real SDK path runs. Undone after.
 */
export function installFakeModel(use: (model: FakeModel) => void): void {
  beforeEach(() => {
    const model = new FakeModel();
    use(model);
    vi.stubGlobal("fetch", model.fetch);
    vi.stubEnv("HELM_OFFLINE_MODEL_URL", OFFLINE_URL);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
  });
}

/** messages.send arguments. */
export const turn = (text: string, clientRequestId: string, extra: object = {}) => ({
  text,
  clientRequestId,
  includeContext: false,
  ...extra,
});

/** Sets the monthly allowance left, without a ledger row (callers that need the invariant add one). */
export async function setAllowance(t: TestConvex, userId: Id<"users">, credits: number) {
  await t.run(async (ctx) => {
    const usage = await ctx.db
      .query("userUsage")
      .withIndex("by_userId", (q) => q.eq("userId", userId))
      .unique();
    await ctx.db.patch("userUsage", usage!._id, { creditsRemaining: credits });
  });
}

/** Runs every scheduled function (and what they schedule) to completion. */
export async function drain(t: TestConvex): Promise<void> {
  await t.finishAllScheduledFunctions(() => {}, 500);
}

/** Polls `check` until it holds; bounded so a broken test fails instead of hanging. */
export async function waitFor(check: () => Promise<boolean>, what = "condition"): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof ConvexError ? (error.data as { code?: string }).code : undefined;
}

export async function expectCode(promise: Promise<unknown>, code: string) {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  if (errorCode(caught) !== code) {
    throw new Error(`expected ${code}, got ${caught === undefined ? "success" : String(caught)}`);
  }
}

export async function messagesOf(t: TestConvex, sessionId: Id<"chatSessions">) {
  return await t.run((ctx) =>
    ctx.db
      .query("chatMessages")
      .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
      .collect(),
  );
}

export async function chunksOf(t: TestConvex, messageId: Id<"chatMessages">) {
  return await t.run((ctx) =>
    ctx.db
      .query("streamChunks")
      .withIndex("by_messageId_and_seq", (q) => q.eq("messageId", messageId))
      .collect(),
  );
}

export async function ledgerOf(t: TestConvex, userId: Id<"users">) {
  return await t.run((ctx) =>
    ctx.db
      .query("creditLedger")
      .withIndex("by_userId", (q) => q.eq("userId", userId))
      .collect(),
  );
}

/** The balance, checked against the ledger invariant (rows sum to it). */
export async function balanceOf(t: TestConvex, userId: Id<"users">) {
  const rows = await ledgerOf(t, userId);
  const sum = rows.reduce((total, row) => total + row.amount, 0);
  const usage = await t.run((ctx) =>
    ctx.db
      .query("userUsage")
      .withIndex("by_userId", (q) => q.eq("userId", userId))
      .unique(),
  );
  const balance = usage!.creditsRemaining + usage!.purchasedCredits;
  if (sum !== balance) throw new Error(`ledger sums to ${sum} but the balance is ${balance}`);
  return balance;
}

export const page = { numItems: 50, cursor: null };
