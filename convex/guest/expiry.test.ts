import { afterEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import { EXPIRE_BATCH } from "../model/guest/expiry";
import { setupTest, signIn } from "../test.setup";
import { drain, expectCode, installFakeModel, page, turn } from "../chat/helpers.testing";
import { startGuest } from "./helpers.testing";

installFakeModel(() => {});
afterEach(() => {
  vi.useRealTimers();
});

const DAY = 86_400_000;

describe("guest chats expire", () => {
  test("30 days after their last message, with their messages; the quiet guest goes too; users' chats stay", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-03-01T12:00:00Z"));
    const t = setupTest();
    const guest = await startGuest(t);
    const old = await guest.mutation(api.chat.messages.send, turn("old chat", "g1"));
    const alice = await signIn(t, "Alice");
    await alice.mutation(api.chat.messages.send, turn("alice keeps hers", "a1"));
    await drain(t);
    vi.setSystemTime(new Date("2025-03-20T12:00:00Z"));
    const recent = await guest.mutation(api.chat.messages.send, turn("recent chat", "g2"));
    await drain(t);

    // Day 30 after the old chat's last message: not yet.
    vi.setSystemTime(new Date(Date.parse("2025-03-01T12:00:00Z") + 30 * DAY - 1000));
    await t.mutation(internal.guest.expiry.sweep, {});
    expect((await guest.query(api.chat.sessions.list, { paginationOpts: page })).page).toHaveLength(2);

    vi.setSystemTime(new Date(Date.parse("2025-03-01T12:00:00Z") + 30 * DAY + 1000));
    await t.mutation(internal.guest.expiry.sweep, {});
    await drain(t);
    const left = await guest.query(api.chat.sessions.list, { paginationOpts: page });
    expect(left.page.map((s) => s._id)).toEqual([recent.sessionId]);
    const orphans = await t.run((ctx) =>
      ctx.db.query("chatMessages").withIndex("by_sessionId", (q) => q.eq("sessionId", old.sessionId)).collect(),
    );
    expect(orphans).toHaveLength(0);

    // The recent chat expires 30 days after its own last message, and then the guest itself.
    vi.setSystemTime(new Date(Date.parse("2025-03-20T12:00:00Z") + 30 * DAY + 1000));
    await t.mutation(internal.guest.expiry.sweep, {});
    await drain(t);
    await t.mutation(internal.guest.expiry.sweep, {});
    expect(await t.run((ctx) => ctx.db.get("users", guest.guestId))).toBeNull();
    await expectCode(guest.query(api.chat.sessions.list, { paginationOpts: page }), "GUEST_TOKEN_INVALID");
    expect(await t.run((ctx) => ctx.db.query("chatMessages").collect())).toHaveLength(2);
    expect((await alice.query(api.chat.sessions.list, { paginationOpts: page })).page).toHaveLength(1);
  });

  test("a large backlog goes in bounded runs that reschedule themselves", async () => {
    const t = setupTest();
    const guest = await startGuest(t);
    const count = EXPIRE_BATCH * 2 + 7;
    await t.run(async (ctx) => {
      for (let i = 0; i < count; i++) {
        const sessionId = await ctx.db.insert("chatSessions", {
          userId: guest.guestId, displayId: `CH-${i}`, title: `t${i}`, createdAt: 0, updatedAt: 0,
          messageCount: 1, expiresAt: 1000 + i,
        });
        await ctx.db.insert("chatMessages", {
          sessionId, userId: guest.guestId, role: "user", content: "x", creditsUsed: 0, status: "complete", createdAt: 0, updatedAt: 0,
        });
      }
    });
    await t.mutation(internal.guest.expiry.sweep, {});
    expect(await t.run((ctx) => ctx.db.query("chatSessions").collect())).toHaveLength(count - EXPIRE_BATCH);
    await drain(t);
    expect(await t.run((ctx) => ctx.db.query("chatSessions").collect())).toHaveLength(0);
    expect(await t.run((ctx) => ctx.db.query("chatMessages").collect())).toHaveLength(0);
  });
});
