import type { Id } from "../_generated/dataModel";
import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import { setupTest, signIn } from "../test.setup";
import { FakeModel } from "./fakeModel.testing";
import {
  balanceOf,
  drain,
  errorCode,
  expectCode,
  ledgerOf,
  messagesOf,
  page,
  installFakeModel,
  setAllowance,
  turn,
} from "./helpers.testing";

let model: FakeModel;
installFakeModel((m) => (model = m));


describe("send validation", () => {
  test("16,000 characters are accepted, 16,001 are refused with nothing written", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    await expectCode(
      alice.mutation(api.chat.messages.send, turn("y".repeat(16_001), "long", { sessionId })),
      "MESSAGE_TOO_LONG",
    );
    expect(await messagesOf(t, sessionId)).toHaveLength(0);
    expect(await balanceOf(t, alice.userId)).toBe(100);

    // Surrounding whitespace does not count.
    await alice.mutation(api.chat.messages.send, turn(`  ${"x".repeat(16_000)}\n`, "ok", { sessionId }));
    const [user] = await messagesOf(t, sessionId);
    expect(user.content).toHaveLength(16_000);
    await drain(t);
  });

  test("empty or whitespace-only messages are refused", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await expectCode(alice.mutation(api.chat.messages.send, turn(" \n\t ", "blank")), "EMPTY_MESSAGE");
    expect(await t.run((ctx) => ctx.db.query("chatSessions").collect())).toHaveLength(0);
    expect(await balanceOf(t, alice.userId)).toBe(100);
  });

  test("without a session, send creates one titled from the text", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const result = await alice.mutation(
      api.chat.messages.send,
      turn("Plan my week\nwith more detail on a second line", "first"),
    );
    const session = await alice.query(api.chat.sessions.get, { displayId: result.displayId });
    expect(session).toMatchObject({ _id: result.sessionId, title: "Plan my week" });
    expect(await alice.query(api.chat.sessions.stats, { displayId: result.displayId })).toMatchObject({ messageCount: 2 });
    await drain(t);
  });

  test("the first message titles an untitled chat", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    await alice.mutation(api.chat.messages.send, turn("Groceries for the party", "a", { sessionId }));
    await alice.mutation(api.chat.messages.send, turn("Something else", "b", { sessionId }));
    expect((await alice.query(api.chat.sessions.get, { sessionId }))?.title).toBe("Groceries for the party");
    await drain(t);
  });
});

describe("credits and idempotency", () => {
  test("a retried send returns the same turn and never charges or stores twice", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const first = await alice.mutation(api.chat.messages.send, turn("hello", "req-1"));
    const again = await alice.mutation(api.chat.messages.send, turn("hello", "req-1"));
    expect(again).toEqual(first);
    await drain(t);
    const third = await alice.mutation(api.chat.messages.send, turn("hello", "req-1", { sessionId: first.sessionId }));
    expect(third).toEqual(first);
    await drain(t);
    expect(await messagesOf(t, first.sessionId)).toHaveLength(2);
    expect(await balanceOf(t, alice.userId)).toBe(97);
    expect((await ledgerOf(t, alice.userId)).filter((r) => r.kind === "debit")).toHaveLength(1);
    expect(model.requests).toHaveLength(1);
  });

  test("50 concurrent sends with credits for 10: exactly 10 succeed and the ledger balances", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    // Leave 30 credits (10 sends), recorded in the ledger so it still balances.
    await setAllowance(t, alice.userId, 30);
    await t.run(async (ctx) => {
      await ctx.db.insert("creditLedger", {
        userId: alice.userId,
        kind: "admin_adjust",
        amount: -70,
        balanceAfter: 30,
        idempotencyKey: "test-trim",
        createdAt: Date.now(),
      });
    });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => alice.mutation(api.chat.messages.send, turn(`hi ${i}`, `c-${i}`))),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(ok).toHaveLength(10);
    for (const r of refused) expect(errorCode((r as PromiseRejectedResult).reason)).toBe("INSUFFICIENT_CREDITS");
    expect(await balanceOf(t, alice.userId)).toBe(0);
    expect(await t.run((ctx) => ctx.db.query("chatSessions").collect())).toHaveLength(10);
    expect(await t.run((ctx) => ctx.db.query("chatMessages").collect())).toHaveLength(20);
    await drain(t);
    const replies = (await t.run((ctx) => ctx.db.query("chatMessages").collect())).filter(
      (m) => m.role === "assistant",
    );
    expect(replies.map((m) => m.status)).toEqual(Array(10).fill("complete"));
  });

  test("insufficient credits carries the details and writes nothing", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await setAllowance(t, alice.userId, 2);
    let data: Record<string, unknown> | undefined;
    try {
      await alice.mutation(api.chat.messages.send, turn("hello", "poor"));
    } catch (error) {
      data = (error as { data: Record<string, unknown> }).data;
    }
    expect(data).toMatchObject({ code: "INSUFFICIENT_CREDITS", required: 3, remaining: 2 });
    expect(typeof data?.resetsAt).toBe("number");
    expect(await t.run((ctx) => ctx.db.query("chatMessages").collect())).toHaveLength(0);
    expect(await t.run((ctx) => ctx.db.query("chatSessions").collect())).toHaveLength(0);
  });
});

describe("ownership", () => {
  test("another user's (or a deleted) chat and message answer NOT_FOUND on every function", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    model.queue({ kind: "status", status: 400 });
    const sent = await alice.mutation(api.chat.messages.send, turn("secret plans", "a-1"));
    await drain(t);
    const { sessionId, displayId, assistantMessageId: messageId } = sent;

    expect(await bob.query(api.chat.sessions.get, { displayId })).toBeNull();
    expect(await bob.query(api.chat.sessions.get, { sessionId })).toBeNull();
    expect((await bob.query(api.chat.sessions.list, { paginationOpts: page })).page).toHaveLength(0);
    const refused = [
      bob.query(api.chat.messages.list, { sessionId, paginationOpts: page }),
      bob.mutation(api.chat.sessions.rename, { sessionId, title: "mine" }),
      bob.mutation(api.chat.sessions.setIncludeContext, { sessionId, includeContext: true }),
      bob.mutation(api.chat.sessions.remove, { sessionId }),
      bob.mutation(api.chat.messages.send, turn("hi", "b-1", { sessionId })),
      bob.mutation(api.chat.messages.stop, { messageId }),
      bob.mutation(api.chat.messages.retry, { messageId, clientRequestId: "b-2" }),
    ];
    for (const attempt of refused) await expectCode(attempt, "NOT_FOUND");
    expect(await balanceOf(t, bob.userId)).toBe(100);
    const view = await alice.query(api.chat.messages.list, { sessionId, paginationOpts: page });
    expect(view.page.map((m) => m.content)).toContain("secret plans");

    await alice.mutation(api.chat.sessions.remove, { sessionId });
    for (const attempt of [
      alice.query(api.chat.messages.list, { sessionId, paginationOpts: page }),
      alice.mutation(api.chat.sessions.rename, { sessionId, title: "gone" }),
      alice.mutation(api.chat.sessions.remove, { sessionId }),
      alice.mutation(api.chat.messages.send, turn("hi", "a-2", { sessionId })),
    ]) {
      await expectCode(attempt, "NOT_FOUND");
    }
    expect(await alice.query(api.chat.sessions.get, { displayId })).toBeNull();
    await drain(t);
  });
});

describe("list within Convex's limits", () => {
  test("a page holding four long streaming replies is listed; their live text comes group by group", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    const replies: Id<"chatMessages">[] = [];
    for (let r = 0; r < 4; r++) {
      const messageId = await t.run((ctx) =>
        ctx.db.insert("chatMessages", {
          sessionId, userId: alice.userId, role: "assistant", content: "", creditsUsed: 3,
          status: "streaming", createdAt: r, updatedAt: Date.now(),
        }),
      );
      // 8,000 chunk rows each (the most a reply streams): 32,000 in all, in 1,000 groups of 8.
      await t.run(async (ctx) => {
        for (let seq = 0; seq < 8000; seq++) await ctx.db.insert("streamChunks", { messageId, seq, text: `${seq} ` });
        for (let index = 0; index < 1000; index++) {
          await ctx.db.insert("streamGroups", { messageId, index, fromSeq: index * 8, toSeq: index * 8 + 8 });
        }
      });
      replies.push(messageId);
    }

    const listed = await alice.query(api.chat.messages.list, { sessionId, paginationOpts: page });
    expect(listed.page.map((m) => [m._id, m.status, m.content])).toEqual(
      [...replies].reverse().map((id) => [id, "streaming", ""]),
    );
    const history = await alice.query(api.chat.messages.history, { sessionId, before: 10, paginationOpts: page });
    expect(history.page.map((m) => m._id)).toEqual([...replies].reverse());
    expect(await alice.query(api.chat.messages.recent, { sessionId, after: 1 })).toHaveLength(2);
    // The newest group only: eight rows.
    await t.run((ctx) => ctx.db.patch("chatSessions", sessionId, { liveReplyId: replies[0] }));
    const live = await alice.query(api.chat.messages.chatLive, { sessionId });
    expect(live).toEqual({ group: 999, text: "7992 7993 7994 7995 7996 7997 7998 7999 " });
    // A client that missed everything reads the whole reply once, within the limits.
    const all = await alice.query(api.chat.messages.liveRange, { messageId: replies[0], from: 0, to: 999 });
    expect(all).toHaveLength(1000);
    expect(all!.join("")).toBe(Array.from({ length: 8000 }, (_, seq) => `${seq} `).join(""));
  });
});
