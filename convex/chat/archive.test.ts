import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { setupTest, signIn, type TestConvex } from "../test.setup";
import type { FakeModel } from "./fakeModel.testing";
import { balanceOf, drain, expectCode, installFakeModel, messagesOf, page, turn } from "./helpers.testing";
import { seedChat, seedMessages } from "./seed.testing";

let model: FakeModel;
installFakeModel((m) => (model = m));

const titles = async (user: Awaited<ReturnType<typeof signIn>>) =>
  (await user.query(api.chat.sessions.list, { paginationOpts: page })).page.map((s) => s.title);
const archivedTitles = async (user: Awaited<ReturnType<typeof signIn>>) =>
  (await user.query(api.chat.archive.listArchived, { paginationOpts: page })).page.map((s) => s.title);

async function rowsOf(t: TestConvex, userId: Id<"users">) {
  return await t.run(async (ctx) => ({
    chats: (await ctx.db.query("chatSessions").withIndex("by_userId", (q) => q.eq("userId", userId)).collect()).length,
    messages: (await ctx.db.query("chatMessages").withIndex("by_userId", (q) => q.eq("userId", userId)).collect()).length,
  }));
}

describe("archiving chats", () => {
  test("an archived chat leaves the sidebar list for the Archived view, and comes back when restored", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const a = await seedChat(t, alice.userId, "Keep me");
    const b = await seedChat(t, alice.userId, "Put away");

    await alice.mutation(api.chat.archive.archive, { sessionId: b.sessionId });
    expect(await titles(alice)).toEqual(["Keep me"]);
    expect(await archivedTitles(alice)).toEqual(["Put away"]);
    // Still readable by its owner, marked archived.
    expect((await alice.query(api.chat.sessions.get, { sessionId: b.sessionId }))?.archivedAt).toEqual(expect.any(Number));

    await alice.mutation(api.chat.archive.unarchive, { sessionId: b.sessionId });
    expect((await titles(alice)).sort()).toEqual(["Keep me", "Put away"]);
    expect(await archivedTitles(alice)).toEqual([]);
    expect((await alice.query(api.chat.sessions.get, { sessionId: a.sessionId }))?.archivedAt).toBeUndefined();
  });

  test("an archived chat is read-only until restored: sends, retries and new versions are refused and charge nothing", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    model.queue({ kind: "status", status: 400 });
    const sent = await alice.mutation(api.chat.messages.send, turn("Hi", "first"));
    await drain(t);
    const ok = await alice.mutation(api.chat.messages.send, turn("Again", "second", { sessionId: sent.sessionId }));
    await drain(t);
    const before = await balanceOf(t, alice.userId);

    await alice.mutation(api.chat.archive.archive, { sessionId: sent.sessionId });
    await expectCode(alice.mutation(api.chat.messages.send, turn("More", "third", { sessionId: sent.sessionId })), "CHAT_ARCHIVED");
    await expectCode(alice.mutation(api.chat.messages.retry, { messageId: sent.assistantMessageId, clientRequestId: "r" }), "CHAT_ARCHIVED");
    const again = { messageId: ok.assistantMessageId, clientRequestId: "v" };
    await expectCode(alice.mutation(api.chat.versions.regenerate, again), "CHAT_ARCHIVED");
    await expectCode(alice.mutation(api.chat.versions.edit, { ...again, messageId: ok.userMessageId, text: "Edited" }), "CHAT_ARCHIVED");
    // A request already answered still gets its answer.
    expect(await alice.mutation(api.chat.messages.send, turn("Again", "second", { sessionId: sent.sessionId }))).toEqual(ok);
    expect(await balanceOf(t, alice.userId)).toBe(before);
    expect(await messagesOf(t, sent.sessionId)).toHaveLength(4);

    await alice.mutation(api.chat.archive.unarchive, { sessionId: sent.sessionId });
    await alice.mutation(api.chat.messages.send, turn("More", "third", { sessionId: sent.sessionId }));
    await drain(t);
    expect(await messagesOf(t, sent.sessionId)).toHaveLength(6);
  });

  test("another user's chat cannot be archived, restored or listed", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    const his = await seedChat(t, bob.userId, "Bob's");
    await expectCode(alice.mutation(api.chat.archive.archive, { sessionId: his.sessionId }), "NOT_FOUND");
    await bob.mutation(api.chat.archive.archive, { sessionId: his.sessionId });
    await expectCode(alice.mutation(api.chat.archive.unarchive, { sessionId: his.sessionId }), "NOT_FOUND");
    expect(await archivedTitles(alice)).toEqual([]);
    expect(await archivedTitles(bob)).toEqual(["Bob's"]);
  });

  test("Archive all archives 450 chats in scheduled batches and leaves other users' and newer chats alone", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    await t.run(async (ctx) => {
      for (let i = 0; i < 450; i++) {
        await ctx.db.insert("chatSessions", {
          userId: alice.userId,
          displayId: `CH-${String(i + 1).padStart(6, "0")}`,
          title: `chat ${i}`,
          createdAt: i,
          updatedAt: i,
          messageCount: 0,
        });
      }
    });
    await seedChat(t, bob.userId, "Bob's");
    await alice.mutation(api.chat.archive.archiveAll, {});
    // The first batch is archived with the click; the rest follows.
    const firstPass = await alice.query(api.chat.sessions.list, { paginationOpts: { numItems: 100, cursor: null } });
    expect(firstPass.page.length).toBeGreaterThan(0);
    const newer = await seedChat(t, alice.userId, "started meanwhile");
    await drain(t);

    expect(await titles(alice)).toEqual(["started meanwhile"]);
    let archived = 0;
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const result: { page: unknown[]; isDone: boolean; continueCursor: string } = await alice.query(api.chat.archive.listArchived, { paginationOpts: { numItems: 100, cursor } });
      archived += result.page.length;
      if (result.isDone) break;
      cursor = result.continueCursor;
    }
    expect(archived).toBe(450);
    expect(await titles(bob)).toEqual(["Bob's"]);
    expect((await alice.query(api.chat.sessions.get, { sessionId: newer.sessionId }))?.archivedAt).toBeUndefined();
  });
});

describe("Delete all", () => {
  test("deletes every chat and message of the caller in batches within Convex's limits, and nothing of anyone else", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    // 250 chats (one archived) and a chat with 3,000 messages: more than one batch of each.
    await t.run(async (ctx) => {
      for (let i = 0; i < 250; i++) {
        await ctx.db.insert("chatSessions", {
          userId: alice.userId,
          displayId: `CH-${String(i + 1).padStart(6, "0")}`,
          title: `chat ${i}`,
          createdAt: i,
          updatedAt: i,
          messageCount: 0,
          ...(i === 7 ? { archivedAt: 1 } : {}),
        });
      }
    });
    const big = await seedChat(t, alice.userId, "big");
    await seedMessages(t, alice.userId, big.sessionId, 3000);
    const his = await seedChat(t, bob.userId, "Bob's", ["hello", "hi"]);

    await alice.mutation(api.chat.archive.deleteAll, {});
    await drain(t);

    expect(await rowsOf(t, alice.userId)).toEqual({ chats: 0, messages: 0 });
    expect(await titles(alice)).toEqual([]);
    expect(await archivedTitles(alice)).toEqual([]);
    expect(await rowsOf(t, bob.userId)).toEqual({ chats: 1, messages: 2 });
    expect((await bob.query(api.chat.sessions.get, { sessionId: his.sessionId }))?.title).toBe("Bob's");
  });
});
