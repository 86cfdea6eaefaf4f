import { describe, expect, onTestFinished, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { spend } from "../model/billing/credits";
import { STUCK_AFTER_MS, STUCK_REPLY_ERROR, SWEEP_CANDIDATES } from "../model/chat/streaming";
import { setupTest, signIn, type TestConvex } from "../test.setup";
import { FakeModel, words } from "./fakeModel.testing";
import {
  balanceOf,
  chunksOf,
  drain,
  expectCode,
  ledgerOf,
  messagesOf,
  page,
  waitFor,
  installFakeModel,
  turn,
} from "./helpers.testing";

let model: FakeModel;
installFakeModel((m) => (model = m));


async function reply(t: TestConvex, sessionId: Id<"chatSessions">, messageId: Id<"chatMessages">) {
  return (await messagesOf(t, sessionId)).find((m) => m._id === messageId)!;
}

describe("stop", () => {
  test("keeps the text written so far, aborts the model stream and charges the turn", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    model.queue({ kind: "stream", pieces: words(40), holdAfter: 25 });
    const sent = await alice.mutation(api.chat.messages.send, turn("Write a lot", "s1"));
    // All 25 pieces before the hold get written (10-token flushes, then a 50 ms one).
    const written = async () => (await chunksOf(t, sent.assistantMessageId)).map((c) => c.text).join("");
    await waitFor(async () => (await written()) === words(25).join(""), "25 pieces written");

    await alice.mutation(api.chat.messages.stop, { messageId: sent.assistantMessageId });
    const [stopped] = (await alice.query(api.chat.messages.list, { sessionId: sent.sessionId, paginationOpts: page })).page;
    expect(stopped).toMatchObject({ status: "stopped", content: words(25).join(""), creditsUsed: 3 });

    model.release();
    await drain(t);
    expect(model.requests[0].signal?.aborted).toBe(true);
    const final = await reply(t, sent.sessionId, sent.assistantMessageId);
    expect(final).toMatchObject({ status: "stopped", content: words(25).join(""), creditsUsed: 3 });
    expect(final.tokens?.output).toBeGreaterThan(0);
    // The stream was cut before the provider's usage chunk: Helm's count, labelled as one.
    expect(final.tokens?.estimated).toBe(true);
    expect(await chunksOf(t, sent.assistantMessageId)).toHaveLength(0);
    expect(await balanceOf(t, alice.userId)).toBe(97);
    expect((await ledgerOf(t, alice.userId)).map((r) => r.kind)).toEqual(["signup_grant", "debit"]);

    // Stopping again, or stopping a finished reply, changes nothing.
    await alice.mutation(api.chat.messages.stop, { messageId: sent.assistantMessageId });
    expect((await reply(t, sent.sessionId, sent.assistantMessageId)).content).toBe(words(25).join(""));
  });

  test("a reply stopped before any text is refunded once", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    model.queue({ kind: "stream", pieces: words(5), holdAfter: 0 });
    const sent = await alice.mutation(api.chat.messages.send, turn("Hi", "s2"));
    await waitFor(async () => model.requests.length === 1, "the model call");
    await alice.mutation(api.chat.messages.stop, { messageId: sent.assistantMessageId });
    expect(await balanceOf(t, alice.userId)).toBe(100);

    model.release();
    await drain(t);
    const final = await reply(t, sent.sessionId, sent.assistantMessageId);
    expect(final).toMatchObject({ status: "stopped", content: "", creditsUsed: 0 });
    expect((await ledgerOf(t, alice.userId)).filter((r) => r.kind === "refund")).toHaveLength(1);
    expect(await balanceOf(t, alice.userId)).toBe(100);
  });
});

describe("stuck replies", () => {
  test("the sweeper errors and refunds replies streaming for over 10 minutes, in bounded batches", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    const now = Date.now();
    const later = now + STUCK_AFTER_MS + 5000;
    const { stuck, fresh } = await t.run(async (ctx) => {
      const base = { sessionId, userId: alice.userId, role: "assistant" as const, content: "", creditsUsed: 3, createdAt: now };
      const user = (await ctx.db.get("users", alice.userId))!;
      await spend(ctx, user, "chat", "stuck-debit");
      const stuck = await ctx.db.insert("chatMessages", {
        ...base, status: "streaming", debitKey: "stuck-debit", updatedAt: now - 1000,
      });
      await ctx.db.insert("streamChunks", { messageId: stuck, seq: 0, text: "Half an ans" });
      await ctx.db.insert("streamChunks", { messageId: stuck, seq: 1, text: "wer" });
      for (let i = 0; i < SWEEP_CANDIDATES; i++) {
        await ctx.db.insert("chatMessages", { ...base, status: "streaming", updatedAt: now - 2000 - i });
      }
      const fresh = await ctx.db.insert("chatMessages", { ...base, status: "streaming", updatedAt: later - 60_000 });
      return { stuck, fresh };
    });
    // The chunks above were written now: the sweep runs once they have been silent for 10 minutes.
    vi.useFakeTimers({ toFake: ["Date"], now: later });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    expect(await balanceOf(t, alice.userId)).toBe(97);

    const first = await t.mutation(internal.chat.sweeper.sweepStuck, {});
    expect(first.swept).toBe(SWEEP_CANDIDATES);
    await drain(t); // the full batch scheduled another run for the rest
    const messages = await messagesOf(t, sessionId);
    expect(messages.filter((m) => m.status === "streaming").map((m) => m._id)).toEqual([fresh]);
    expect(messages.find((m) => m._id === stuck)).toMatchObject({
      status: "error",
      error: STUCK_REPLY_ERROR,
      content: "Half an answer",
      creditsUsed: 0,
    });
    expect(await chunksOf(t, stuck)).toHaveLength(0);
    expect(await balanceOf(t, alice.userId)).toBe(100);

    expect((await t.mutation(internal.chat.sweeper.sweepStuck, {})).swept).toBe(0);
    expect((await ledgerOf(t, alice.userId)).filter((r) => r.kind === "refund")).toHaveLength(1);
  });
});

describe("retry", () => {
  test("regenerates a failed reply in place, charging again once per request key", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    model.queue({ kind: "status", status: 400 });
    const sent = await alice.mutation(api.chat.messages.send, turn("Hi", "first"));
    await drain(t);
    expect((await reply(t, sent.sessionId, sent.assistantMessageId)).status).toBe("error");
    expect(await balanceOf(t, alice.userId)).toBe(100);

    const retried = await alice.mutation(api.chat.messages.retry, { messageId: sent.assistantMessageId, clientRequestId: "again" });
    const twice = await alice.mutation(api.chat.messages.retry, { messageId: sent.assistantMessageId, clientRequestId: "again" });
    expect(retried).toEqual({ assistantMessageId: sent.assistantMessageId });
    expect(twice).toEqual(retried);
    await drain(t);

    expect(await reply(t, sent.sessionId, sent.assistantMessageId)).toMatchObject({
      status: "complete",
      content: "Hello there!",
      creditsUsed: 3,
    });
    expect(model.lastPrompt()?.slice(1)).toEqual([{ role: "user", content: "Hi" }]);
    expect(await messagesOf(t, sent.sessionId)).toHaveLength(2);
    expect((await ledgerOf(t, alice.userId)).map((r) => r.kind)).toEqual(["signup_grant", "debit", "refund", "debit"]);
    expect(await balanceOf(t, alice.userId)).toBe(97);

    await expectCode(
      alice.mutation(api.chat.messages.retry, { messageId: sent.assistantMessageId, clientRequestId: "third" }),
      "INVALID_ARGUMENT",
    );
    await expectCode(
      alice.mutation(api.chat.messages.retry, { messageId: sent.userMessageId, clientRequestId: "fourth" }),
      "NOT_FOUND",
    );
  });

  test("a reply that is still streaming cannot be retried", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    model.queue({ kind: "stream", pieces: words(3), holdAfter: 1 });
    const sent = await alice.mutation(api.chat.messages.send, turn("Hi", "busy"));
    await waitFor(async () => model.requests.length === 1, "the model call");
    await expectCode(
      alice.mutation(api.chat.messages.retry, { messageId: sent.assistantMessageId, clientRequestId: "r" }),
      "ALREADY_STREAMING",
    );
    model.release();
    await drain(t);
    expect(await balanceOf(t, alice.userId)).toBe(97);
  });
});
