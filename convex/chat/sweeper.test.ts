import { describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { spend } from "../model/billing/credits";
import { STUCK_AFTER_MS, STUCK_REPLY_ERROR, sweepStuckReplies } from "../model/chat/streaming";
import { setupTest, signIn, type TestConvex } from "../test.setup";
import { balanceOf, chunksOf, ledgerOf, messagesOf, turn } from "./helpers.testing";

/* The stuck-reply sweeper within Convex's limits (setupTest enforces them). */

const CHUNK_TEXT = "0123456789abcdefghij"; // 20 characters a chunk

/** A paid assistant reply left `streaming`, with `chunks` rows of text, last touched at `updatedAt`. */
async function stuckReply(t: TestConvex, user: { userId: Id<"users"> }, sessionId: Id<"chatSessions">, key: string, chunks: number, updatedAt: number) {
  const messageId = await t.run(async (ctx) => {
    const owner = (await ctx.db.get("users", user.userId))!;
    await spend(ctx, owner, "chat", key);
    return await ctx.db.insert("chatMessages", {
      sessionId, userId: user.userId, role: "assistant", content: "", creditsUsed: 3, status: "streaming",
      debitKey: key, createdAt: updatedAt, updatedAt,
    });
  });
  // Written in several transactions, each within the 16,000-writes limit.
  for (let from = 0; from < chunks; from += 8000) {
    await t.run(async (ctx) => {
      for (let seq = from; seq < Math.min(chunks, from + 8000); seq++) {
        await ctx.db.insert("streamChunks", { messageId, seq, text: CHUNK_TEXT });
      }
    });
  }
  return messageId;
}

describe("stuck-reply sweeper", () => {
  test("30 dead replies of 2,000 chunks each are all swept and refunded once, in a bounded number of runs", { timeout: 120_000 }, async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    const deadSince = Date.now() - STUCK_AFTER_MS - 60_000;
    const ids: Id<"chatMessages">[] = [];
    for (let i = 0; i < 30; i++) ids.push(await stuckReply(t, alice, sessionId, `dead-${i}`, 2000, deadSince));
    expect(await balanceOf(t, alice.userId)).toBe(10);

    // Each run is one transaction: before, a batch like this read ~180,000
    // documents and failed at the limit on every run, forever.
    // Their chunks were written just now; the sweep runs as if 10 minutes of silence had passed.
    const later = Date.now() + STUCK_AFTER_MS + 1000;
    let runs = 0;
    for (let more = true; more; runs++) {
      if (runs > 10) throw new Error("the sweeper did not finish within 10 runs");
      more = (await t.run((ctx) => sweepStuckReplies(ctx, later))).more;
    }
    expect(runs).toBeGreaterThan(1); // the budget split the work
    const messages = await messagesOf(t, sessionId);
    expect(messages.every((m) => m.status === "error" && m.error === STUCK_REPLY_ERROR && m.creditsUsed === 0)).toBe(true);
    expect(messages.map((m) => m.content)).toEqual(ids.map(() => CHUNK_TEXT.repeat(2000)));
    for (const id of ids.slice(0, 3)) expect(await chunksOf(t, id)).toHaveLength(0);
    expect(await balanceOf(t, alice.userId)).toBe(100);
    expect((await ledgerOf(t, alice.userId)).filter((r) => r.kind === "refund")).toHaveLength(30);

    // Nothing left: another run sweeps nothing and refunds nothing more.
    expect(await t.run((ctx) => sweepStuckReplies(ctx, later))).toMatchObject({ swept: 0, more: false });
    expect(await balanceOf(t, alice.userId)).toBe(100);
  });

  test("a reply still appending past 10 minutes after it started is left alone until it falls silent", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    const startedLongAgo = Date.now() - STUCK_AFTER_MS - 5 * 60_000;
    // Its newest chunk was appended just now: the reply is alive.
    const live = await stuckReply(t, alice, sessionId, "live", 40, startedLongAgo);

    const now = Date.now();
    expect(await t.run((ctx) => sweepStuckReplies(ctx, now))).toMatchObject({ swept: 0, revived: 1, more: false });
    expect((await messagesOf(t, sessionId))[0]).toMatchObject({ _id: live, status: "streaming" });
    expect(await balanceOf(t, alice.userId)).toBe(97);

    // Ten minutes of silence later it is dead, and swept with its text.
    const later = now + STUCK_AFTER_MS + 1000;
    expect(await t.run((ctx) => sweepStuckReplies(ctx, later))).toMatchObject({ swept: 1 });
    expect((await messagesOf(t, sessionId))[0]).toMatchObject({ status: "error", content: CHUNK_TEXT.repeat(40) });
    expect(await balanceOf(t, alice.userId)).toBe(100);
  });

  test("a reply still waiting for a scheduler slot is queued, not dead: never swept or refunded for waiting", async () => {
    // Fake timers hold the scheduled reply in line, as a full scheduler does.
    vi.useFakeTimers();
    try {
      const t = setupTest();
      const alice = await signIn(t, "Alice");
      const sent = await alice.mutation(api.chat.messages.send, turn("Hi", "queued"));
      const replyOf = async () => (await messagesOf(t, sent.sessionId)).find((m) => m._id === sent.assistantMessageId);
      expect(await replyOf()).toMatchObject({ status: "streaming" });
      const page = await alice.query(api.chat.messages.list, { sessionId: sent.sessionId, paginationOpts: { numItems: 10, cursor: null } });
      expect(page.page[0]).toMatchObject({ status: "streaming", queued: true });

      // Long past the 10-minute window, its run is still in line: left alone.
      const later = Date.now() + STUCK_AFTER_MS + 60_000;
      expect(await t.run((ctx) => sweepStuckReplies(ctx, later))).toMatchObject({ swept: 0, revived: 1 });
      expect(await replyOf()).toMatchObject({ status: "streaming" });
      expect(await balanceOf(t, alice.userId)).toBe(97);

      // Its run ends without ever starting (canceled here, as a failed start
      // would): ten silent minutes later it is swept and refunded, once.
      await t.run(async (ctx) => {
        const message = (await ctx.db.get("chatMessages", sent.assistantMessageId))!;
        await ctx.scheduler.cancel(message.replyJobId!);
      });
      const afterThat = later + STUCK_AFTER_MS + 1000;
      expect(await t.run((ctx) => sweepStuckReplies(ctx, afterThat))).toMatchObject({ swept: 1 });
      expect(await replyOf()).toMatchObject({ status: "error", creditsUsed: 0 });
      expect(await balanceOf(t, alice.userId)).toBe(100);
      expect(await t.run((ctx) => sweepStuckReplies(ctx, afterThat + STUCK_AFTER_MS))).toMatchObject({ swept: 0 });
      expect(await balanceOf(t, alice.userId)).toBe(100);
    } finally {
      vi.useRealTimers();
    }
  });
});
