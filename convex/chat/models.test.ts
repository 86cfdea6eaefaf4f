import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { PREMIUM_MONTHLY_LIMIT, refund, setPlan } from "../model/billing/credits";
import { setupTest, signIn, type TestConvex } from "../test.setup";
import { FakeModel } from "./fakeModel.testing";
import { balanceOf, drain, errorCode, expectCode, installFakeModel, ledgerOf, messagesOf, page, turn } from "./helpers.testing";

/*
 * Models and metering: the picker's model per chat, the free plan's monthly
 * premium cap (counted with the debit, reset with the allowance, given back
 * with a refund), and the tokens and cost each reply adds to its chat and to
 * the usage page. The default offline catalogue: offline-fast (standard) and
 * offline-reasoning (premium).
 */

let model: FakeModel;
installFakeModel((m) => (model = m));
afterEach(() => vi.useRealTimers());

const PREMIUM = "offline-reasoning";
const STANDARD = "offline-fast";

async function usageRow(t: TestConvex, userId: Id<"users">) {
  return (await t.run((ctx) => ctx.db.query("userUsage").withIndex("by_userId", (q) => q.eq("userId", userId)).unique()))!;
}

async function setPremiumUsed(t: TestConvex, userId: Id<"users">, used: number) {
  const row = await usageRow(t, userId);
  await t.run((ctx) => ctx.db.patch("userUsage", row._id, { premiumUsed: used }));
}

function errorData(error: unknown) {
  return (error as { data: Record<string, unknown> }).data;
}

describe("the premium cap", () => {
  test("50 concurrent premium sends with 5 premium messages left: exactly 5 accepted, credits and count agree", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await setPremiumUsed(t, alice.userId, PREMIUM_MONTHLY_LIMIT - 5);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => alice.mutation(api.chat.messages.send, turn(`think ${i}`, `p-${i}`, { modelId: PREMIUM }))),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(5);
    for (const r of refused) {
      expect(errorCode(r.reason)).toBe("PREMIUM_LIMIT");
      expect(errorData(r.reason)).toMatchObject({ limit: 20, used: 20, resetsAt: expect.any(Number), modelId: PREMIUM });
    }
    // 5 × 3 credits, and nothing written for the 45 refused.
    expect(await balanceOf(t, alice.userId)).toBe(85);
    expect((await usageRow(t, alice.userId)).premiumUsed).toBe(20);
    const debits = (await ledgerOf(t, alice.userId)).filter((r) => r.kind === "debit");
    expect(debits.map((r) => [r.model, r.premium, r.amount])).toEqual(Array(5).fill([PREMIUM, true, -3]));
    expect(await t.run((ctx) => ctx.db.query("chatMessages").collect())).toHaveLength(10);
    expect((await alice.query(api.credits.balance, {})).premium).toEqual({ used: 20, limit: 20, remaining: 0 });

    // The standard model still works at the cap.
    await alice.mutation(api.chat.messages.send, turn("plain", "s-1", { modelId: STANDARD }));
    expect(await balanceOf(t, alice.userId)).toBe(82);
    await drain(t);
    expect(model.requests.map((r) => r.body.model).sort()).toEqual([...Array(1).fill("helm-offline"), ...Array(5).fill("helm-offline-reasoning")]);
  });

  test("the cap resets with the allowance across December → January", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-31T23:59:00Z"));
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await setPremiumUsed(t, alice.userId, PREMIUM_MONTHLY_LIMIT);
    let refusal: unknown;
    await alice.mutation(api.chat.messages.send, turn("late", "dec", { modelId: PREMIUM })).catch((e: unknown) => (refusal = e));
    expect(errorCode(refusal)).toBe("PREMIUM_LIMIT");
    expect(errorData(refusal).resetsAt).toBe(Date.UTC(2027, 0, 1));

    vi.setSystemTime(new Date("2027-01-01T00:00:05Z"));
    // Read before any write: the lazy reset shows already.
    expect((await alice.query(api.credits.balance, {})).premium).toEqual({ used: 0, limit: 20, remaining: 20 });
    await alice.mutation(api.chat.messages.send, turn("new year", "jan", { modelId: PREMIUM }));
    expect((await usageRow(t, alice.userId)).premiumUsed).toBe(1);
    expect((await ledgerOf(t, alice.userId)).map((r) => r.kind)).toEqual(["signup_grant", "monthly_reset", "debit"]);
    await drain(t);
  });

  test("a failed premium reply gives its premium message back, exactly once", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    model.queue({ kind: "status", status: 400 });
    const { assistantMessageId } = await alice.mutation(api.chat.messages.send, turn("fail", "f-1", { modelId: PREMIUM }));
    expect((await usageRow(t, alice.userId)).premiumUsed).toBe(1);
    await drain(t);
    const reply = await t.run((ctx) => ctx.db.get("chatMessages", assistantMessageId));
    expect(reply?.status).toBe("error");
    expect((await usageRow(t, alice.userId)).premiumUsed).toBe(0);
    expect(await balanceOf(t, alice.userId)).toBe(100);
    // A second refund of the same debit changes nothing.
    const again = await t.run((ctx) => refund(ctx, reply!.debitKey!, "again"));
    expect(again).toBeNull();
    expect((await usageRow(t, alice.userId)).premiumUsed).toBe(0);
    const refunds = (await ledgerOf(t, alice.userId)).filter((r) => r.kind === "refund");
    expect(refunds.map((r) => [r.model, r.premium])).toEqual([[PREMIUM, true]]);
  });

  test("a refund after the month turned does not lift the new month's count", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-05-31T23:00:00Z"));
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { assistantMessageId } = await alice.mutation(api.chat.messages.send, turn("may", "m-1", { modelId: PREMIUM }));
    const reply = (await t.run((ctx) => ctx.db.get("chatMessages", assistantMessageId)))!;
    vi.setSystemTime(new Date("2026-06-01T00:30:00Z"));
    await alice.mutation(api.chat.messages.send, turn("june", "j-1", { modelId: PREMIUM }));
    await t.run((ctx) => refund(ctx, reply.debitKey!, "late failure"));
    expect((await usageRow(t, alice.userId)).premiumUsed).toBe(1);
    await drain(t);
  });

  test("Pro has no premium cap", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await t.run((ctx) => setPlan(ctx, alice.userId, "pro", Date.now() + 86_400_000));
    await setPremiumUsed(t, alice.userId, PREMIUM_MONTHLY_LIMIT);
    for (let i = 0; i < 3; i++) {
      await alice.mutation(api.chat.messages.send, turn(`pro ${i}`, `pro-${i}`, { modelId: PREMIUM }));
    }
    expect((await alice.query(api.credits.balance, {})).premium).toBeNull();
    const debits = (await ledgerOf(t, alice.userId)).filter((r) => r.kind === "debit");
    expect(debits.map((r) => [r.model, r.premium, r.amount, r.cost])).toEqual(Array(3).fill([PREMIUM, undefined, -0, 3]));
    await drain(t);
  });

  test("credits run out before the premium cap: INSUFFICIENT_CREDITS, nothing counted", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const row = await usageRow(t, alice.userId);
    await t.run((ctx) => ctx.db.patch("userUsage", row._id, { creditsRemaining: 2 }));
    await expectCode(alice.mutation(api.chat.messages.send, turn("x", "poor", { modelId: PREMIUM })), "INSUFFICIENT_CREDITS");
    expect((await usageRow(t, alice.userId)).premiumUsed ?? 0).toBe(0);
  });
});

describe("the model of a chat", () => {
  test("the picked model is the chat's model, remembered for the next send, and the reply is labelled with it", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { sessionId, displayId } = await alice.mutation(api.chat.messages.send, turn("hi", "a", { modelId: PREMIUM }));
    await alice.mutation(api.chat.messages.send, turn("again", "b", { sessionId }));
    await drain(t);
    expect((await alice.query(api.chat.sessions.get, { displayId }))?.modelId).toBe(PREMIUM);
    const replies = (await messagesOf(t, sessionId)).filter((m) => m.role === "assistant");
    expect(replies.map((m) => m.modelId)).toEqual([PREMIUM, PREMIUM]);
    const listed = await alice.query(api.chat.messages.list, { sessionId, paginationOpts: page });
    expect(listed.page[0]).toMatchObject({ modelId: PREMIUM, model: "helm-offline-reasoning" });
    // The reasoning model's request shape.
    expect(model.requests[0].body).toMatchObject({ model: "helm-offline-reasoning" });
    expect(model.requests[0].body.temperature).toBeUndefined();
    expect(model.requests[0].body.messages[0].role).toBe("developer");

    await alice.mutation(api.chat.sessions.setModel, { sessionId, modelId: STANDARD });
    await alice.mutation(api.chat.messages.send, turn("third", "c", { sessionId }));
    await drain(t);
    expect(model.requests.at(-1)?.body.model).toBe("helm-offline");
  });

  test("new chats use the user's default model; list reports it", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const listed = await alice.query(api.chat.models.list, {});
    expect(listed.models.map((m) => [m.id, m.tier, m.family])).toEqual([
      [STANDARD, "standard", "chat"],
      [PREMIUM, "premium", "reasoning"],
    ]);
    expect(listed.defaultId).toBe(STANDARD);
    await alice.mutation(api.chat.models.setDefault, { modelId: PREMIUM });
    expect((await alice.query(api.chat.models.list, {})).defaultId).toBe(PREMIUM);
    const { displayId } = await alice.mutation(api.chat.messages.send, turn("hi", "d"));
    expect((await alice.query(api.chat.sessions.get, { displayId }))?.modelId).toBe(PREMIUM);
    await drain(t);
  });

  test("an unknown model id is refused with MODEL_UNAVAILABLE and nothing is written", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await expectCode(alice.mutation(api.chat.messages.send, turn("hi", "u", { modelId: "gpt-9" })), "MODEL_UNAVAILABLE");
    await expectCode(alice.mutation(api.chat.models.setDefault, { modelId: "gpt-9" }), "MODEL_UNAVAILABLE");
    expect(await t.run((ctx) => ctx.db.query("chatSessions").collect())).toHaveLength(0);
    expect(await balanceOf(t, alice.userId)).toBe(100);
  });

  test("a model removed from the catalogue leaves the chat readable and asks for another on the next send", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { sessionId, displayId } = await alice.mutation(api.chat.messages.send, turn("hi", "r1", { modelId: PREMIUM }));
    await drain(t);
    // The operator now configures only a standard model.
    vi.stubEnv(
      "HELM_MODELS",
      JSON.stringify([{ id: "fast-only", label: "Fast", provider: "offline", deployment: "helm-offline", family: "chat", maxOutputTokens: 4096, contextTokens: 32000 }]),
    );
    expect((await alice.query(api.chat.models.list, {})).models.map((m) => m.id)).toEqual(["fast-only"]);
    const listed = await alice.query(api.chat.messages.list, { sessionId, paginationOpts: page });
    expect(listed.page.map((m) => m.status)).toEqual(["complete", "complete"]);
    expect((await alice.query(api.chat.sessions.get, { displayId }))?.modelId).toBe(PREMIUM);

    let refusal: unknown;
    await alice.mutation(api.chat.messages.send, turn("more", "r2", { sessionId })).catch((e: unknown) => (refusal = e));
    expect(errorCode(refusal)).toBe("MODEL_UNAVAILABLE");
    expect(errorData(refusal)).toMatchObject({ modelId: PREMIUM, removed: true });
    expect(await balanceOf(t, alice.userId)).toBe(97);

    await alice.mutation(api.chat.messages.send, turn("more", "r3", { sessionId, modelId: "fast-only" }));
    await drain(t);
    expect((await alice.query(api.chat.sessions.get, { displayId }))?.modelId).toBe("fast-only");
  });
});

describe("tokens and cost", () => {
  test("each reply stores its tokens, model and estimated cost; the chat and the usage page add them up", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-15T12:00:00Z"));
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    model.queue(
      { kind: "stream", pieces: ["Deep."], usage: { prompt_tokens: 1_234, completion_tokens: 567, completion_tokens_details: { reasoning_tokens: 500 } } },
      { kind: "stream", pieces: ["Quick."], usage: { prompt_tokens: 100, completion_tokens: 50 } },
    );
    const { sessionId, displayId } = await alice.mutation(api.chat.messages.send, turn("think", "t1", { modelId: PREMIUM }));
    await drain(t);
    await alice.mutation(api.chat.messages.send, turn("quick", "t2", { sessionId, modelId: STANDARD }));
    await drain(t);

    const replies = (await messagesOf(t, sessionId)).filter((m) => m.role === "assistant");
    // offline-reasoning at $1.10 / $4.40 per million: 1,234 × 1.1 + 567 × 4.4 = 1,357.4 + 2,494.8 = 3,852.2 µ$.
    // offline-fast at $0.15 / $0.60: 100 × 0.15 + 50 × 0.6 = 15 + 30 = 45 µ$.
    expect(replies.map((m) => [m.modelId, m.tokens, m.costMicroUsd])).toEqual([
      [PREMIUM, { input: 1_234, output: 567, reasoning: 500 }, 3_852],
      [STANDARD, { input: 100, output: 50 }, 45],
    ]);
    expect((await alice.query(api.chat.sessions.stats, { displayId }))?.totals).toEqual({
      replies: 2,
      inputTokens: 1_334,
      outputTokens: 617,
      reasoningTokens: 500,
      credits: 6,
      costMicroUsd: 3_897,
    });
    const usage = await alice.query(api.usage.byModel, {});
    expect(usage.models).toEqual([
      { modelId: STANDARD, label: "Offline Fast", replies: 1, inputTokens: 100, outputTokens: 50, reasoningTokens: 0, costMicroUsd: 45 },
      { modelId: PREMIUM, label: "Offline Reasoning", replies: 1, inputTokens: 1_234, outputTokens: 567, reasoningTokens: 500, costMicroUsd: 3_852 },
    ]);
    expect(usage.days.map((d) => [d.day, d.modelId, d.replies])).toEqual([
      [15, STANDARD, 1],
      [15, PREMIUM, 1],
    ]);
  });

  test("a failed reply adds its tokens but no credits or message; a stopped one counts once", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    model.queue({ kind: "stream", pieces: ["a", "b", "c"], failAfter: 2, usage: null });
    const { sessionId, displayId } = await alice.mutation(api.chat.messages.send, turn("fail", "x1", { modelId: STANDARD }));
    await drain(t);
    const totals = (await alice.query(api.chat.sessions.stats, { displayId }))?.totals;
    expect(totals?.replies).toBe(0);
    expect(totals?.credits).toBe(0);
    // Estimated by the tokenizer when the provider reported nothing.
    expect(totals?.inputTokens).toBeGreaterThan(0);

    model.queue({ kind: "stream", pieces: ["one", " two", " three"], holdAfter: 1, usage: null });
    const { assistantMessageId } = await alice.mutation(api.chat.messages.send, turn("stop me", "x2", { sessionId }));
    for (let i = 0; i < 200; i++) {
      const chunks = await t.run((ctx) => ctx.db.query("streamChunks").collect());
      if (chunks.length > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await alice.mutation(api.chat.messages.stop, { messageId: assistantMessageId });
    model.release();
    await drain(t);
    const after = (await alice.query(api.chat.sessions.stats, { displayId }))?.totals;
    expect(after?.replies).toBe(1);
    expect(after?.credits).toBe(3);
    expect(after!.outputTokens).toBeGreaterThan(totals!.outputTokens);
  });
});
