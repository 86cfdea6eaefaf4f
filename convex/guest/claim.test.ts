import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import { setupTest, signIn } from "../test.setup";
import { balanceOf, drain, expectCode, installFakeModel, ledgerOf, page, turn } from "../chat/helpers.testing";
import { startGuest } from "./helpers.testing";

installFakeModel(() => {});

describe("sign-up carries the chats over", () => {
  test("the guest's chats move to the account with new display ids, no credits granted or charged; the token is spent", async () => {
    const t = setupTest();
    const guest = await startGuest(t);
    const first = await guest.mutation(api.chat.messages.send, turn("first guest chat", "g1"));
    await guest.mutation(api.chat.messages.send, turn("a follow-up", "g2", { sessionId: first.sessionId }));
    const second = await guest.mutation(api.chat.messages.send, turn("second guest chat", "g3"));
    await drain(t);
    const alice = await signIn(t, "Alice");
    await alice.mutation(api.chat.messages.send, turn("alice's own", "a1"));
    await drain(t);
    const ledgerBefore = await ledgerOf(t, alice.userId);

    const result = await alice.mutation(api.guest.claim.claim, { guestToken: guest.guestToken });
    expect(result.status).toBe("claimed");
    expect(result.moved).toEqual([
      { from: second.displayId, to: "CH-000002" },
      { from: first.displayId, to: "CH-000003" },
    ]);
    const sidebar = await alice.query(api.chat.sessions.list, { paginationOpts: page });
    expect(sidebar.page.map((s) => s.title).sort()).toEqual(["alice's own", "first guest chat", "second guest chat"]);
    const moved = await alice.query(api.chat.sessions.get, { displayId: "CH-000003" });
    expect(moved?._id).toBe(first.sessionId);
    const view = await alice.query(api.chat.messages.list, { sessionId: first.sessionId, paginationOpts: page });
    expect(view.page.map((m) => m.content)).toEqual(["Hello there!", "a follow-up", "Hello there!", "first guest chat"]);
    // Every message is the account's now: stop, text and retry answer it, not NOT_FOUND.
    expect(await alice.query(api.chat.messages.text, { messageId: first.userMessageId })).toBe("first guest chat");

    expect(await ledgerOf(t, alice.userId)).toEqual(ledgerBefore);
    expect(await balanceOf(t, alice.userId)).toBe(97);
    // The usage page counts the moved chats' replies with the account's own (same day, same model: one row).
    const usage = await alice.query(api.usage.byModel, {});
    expect(usage.models.map((m) => [m.modelId, m.replies])).toEqual([["offline-fast", 4]]);
    expect(await t.run((ctx) => ctx.db.query("usageDaily").collect())).toHaveLength(1);
    await expectCode(guest.query(api.chat.sessions.list, { paginationOpts: page }), "GUEST_TOKEN_CLAIMED");
    await expectCode(t.mutation(api.guest.identity.start, { guestToken: guest.guestToken }), "GUEST_TOKEN_CLAIMED");
    // Claiming again changes nothing.
    expect(await alice.mutation(api.guest.claim.claim, { guestToken: guest.guestToken })).toEqual({ status: "already", moved: [] });
    expect((await alice.query(api.chat.sessions.list, { paginationOpts: page })).page).toHaveLength(3);
  });

  test("two tabs signing in at once claim once; another account cannot claim a spent token", async () => {
    const t = setupTest();
    const guest = await startGuest(t);
    await guest.mutation(api.chat.messages.send, turn("to be claimed", "g1"));
    await drain(t);
    const alice = await signIn(t, "Alice");
    const tabs = await Promise.all([
      alice.mutation(api.guest.claim.claim, { guestToken: guest.guestToken }),
      alice.mutation(api.guest.claim.claim, { guestToken: guest.guestToken }),
    ]);
    expect(tabs.map((r) => r.status).sort()).toEqual(["already", "claimed"]);
    expect((await alice.query(api.chat.sessions.list, { paginationOpts: page })).page.map((s) => s.displayId)).toEqual(["CH-000001"]);

    const bob = await signIn(t, "Bob");
    await expectCode(bob.mutation(api.guest.claim.claim, { guestToken: guest.guestToken }), "GUEST_TOKEN_CLAIMED");
    expect((await bob.query(api.chat.sessions.list, { paginationOpts: page })).page).toHaveLength(0);
    expect(await balanceOf(t, bob.userId)).toBe(100);
  });

  test("two accounts claiming the same token at once: exactly one gets the chats", async () => {
    const t = setupTest();
    const guest = await startGuest(t);
    await guest.mutation(api.chat.messages.send, turn("contested", "g1"));
    await drain(t);
    const [alice, bob] = [await signIn(t, "Alice"), await signIn(t, "Bob")];
    const results = await Promise.allSettled([
      alice.mutation(api.guest.claim.claim, { guestToken: guest.guestToken }),
      bob.mutation(api.guest.claim.claim, { guestToken: guest.guestToken }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const counts = [
      (await alice.query(api.chat.sessions.list, { paginationOpts: page })).page.length,
      (await bob.query(api.chat.sessions.list, { paginationOpts: page })).page.length,
    ];
    expect(counts.sort()).toEqual([0, 1]);
  });

  test("a guest with more chats than one batch: the rest move in scheduled batches", async () => {
    const t = setupTest();
    const guest = await startGuest(t);
    await t.run(async (ctx) => {
      for (let i = 0; i < 130; i++) {
        const sessionId = await ctx.db.insert("chatSessions", {
          userId: guest.guestId, displayId: `CH-${String(i + 1).padStart(6, "0")}`, title: `chat ${i}`,
          createdAt: i, updatedAt: i, messageCount: 1, expiresAt: Date.now() + 1000,
        });
        await ctx.db.insert("chatMessages", {
          sessionId, userId: guest.guestId, role: "user", content: `message ${i}`, creditsUsed: 0,
          status: "complete", createdAt: i, updatedAt: i,
        });
      }
    });
    const alice = await signIn(t, "Alice");
    const result = await alice.mutation(api.guest.claim.claim, { guestToken: guest.guestToken });
    expect(result.moved).toHaveLength(100);
    await drain(t);
    const all = await t.run((ctx) => ctx.db.query("chatSessions").collect());
    expect(all.every((s) => s.userId === alice.userId && s.expiresAt === undefined)).toBe(true);
    expect(new Set(all.map((s) => s.displayId)).size).toBe(130);
    const messages = await t.run((ctx) => ctx.db.query("chatMessages").collect());
    expect(messages.filter((m) => m.userId !== alice.userId)).toHaveLength(0);
  });
});
