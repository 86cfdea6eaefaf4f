import { describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import { setupTest, signIn, type TestConvex } from "../test.setup";
import { chunksOf, drain, expectCode, installFakeModel, messagesOf, page } from "./helpers.testing";
import { seedMessages } from "./seed.testing";

// Deleting a chat with a streaming reply must not reach a real model.
installFakeModel(() => {});

describe("sessions", () => {
  test("create, get by display id, list newest-updated first, rename", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const first = await alice.mutation(api.chat.sessions.create, {});
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 1000);
    const second = await alice.mutation(api.chat.sessions.create, { title: "  Trip   plans " });
    vi.useRealTimers();
    expect(first.displayId).toMatch(/^CH-\d{6}$/);

    const got = await alice.query(api.chat.sessions.get, { displayId: second.displayId });
    expect(got).toMatchObject({ _id: second.sessionId, title: "Trip plans", includeContext: false });
    expect(await alice.query(api.chat.sessions.stats, { displayId: second.displayId })).toMatchObject({ messageCount: 0 });
    expect(await alice.query(api.chat.sessions.get, { sessionId: first.sessionId })).toMatchObject({
      title: "New chat",
    });

    let list = await alice.query(api.chat.sessions.list, { paginationOpts: page });
    expect(list.page.map((s) => s._id)).toEqual([second.sessionId, first.sessionId]);

    await alice.mutation(api.chat.sessions.rename, { sessionId: first.sessionId, title: "  Renamed " });
    list = await alice.query(api.chat.sessions.list, { paginationOpts: page });
    expect(list.page.find((s) => s._id === first.sessionId)?.title).toBe("Renamed");
  });

  test("titles must have 1 to 100 characters after trimming", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    await expectCode(alice.mutation(api.chat.sessions.rename, { sessionId, title: "   " }), "INVALID_TITLE");
    await expectCode(
      alice.mutation(api.chat.sessions.rename, { sessionId, title: "x".repeat(101) }),
      "INVALID_TITLE",
    );
    await alice.mutation(api.chat.sessions.rename, { sessionId, title: ` ${"x".repeat(100)} ` });
    expect((await alice.query(api.chat.sessions.get, { sessionId }))?.title).toHaveLength(100);
    await expectCode(alice.mutation(api.chat.sessions.create, { title: "" }), "INVALID_TITLE");
  });

  test("display ids stay unique per user under 50 concurrent creations", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? alice : bob).mutation(api.chat.sessions.create, {}),
      ),
    );
    for (const parity of [0, 1]) {
      const ids = created.filter((_, i) => i % 2 === parity).map((c) => c.displayId);
      expect(new Set(ids).size).toBe(25);
      for (const id of ids) expect(id).toMatch(/^CH-\d{6}$/);
    }
  });

  test("the sidebar pages through sessions without gaps", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    for (let i = 0; i < 7; i++) await alice.mutation(api.chat.sessions.create, { title: `s${i}` });
    const first = await alice.query(api.chat.sessions.list, { paginationOpts: { numItems: 4, cursor: null } });
    const second = await alice.query(api.chat.sessions.list, {
      paginationOpts: { numItems: 4, cursor: first.continueCursor },
    });
    expect(first.page).toHaveLength(4);
    expect(second.isDone).toBe(true);
    expect(new Set([...first.page, ...second.page].map((s) => s.title)).size).toBe(7);
  });

  test("include-context toggle is remembered per session", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    await alice.mutation(api.chat.sessions.setIncludeContext, { sessionId, includeContext: true });
    expect((await alice.query(api.chat.sessions.get, { sessionId }))?.includeContext).toBe(true);
  });
});

describe("deleting a chat", () => {
  test("a chat with 2,000 messages disappears at once; its messages go in scheduled batches", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const doomed = await alice.mutation(api.chat.sessions.create, { title: "doomed" });
    const kept = await alice.mutation(api.chat.sessions.create, { title: "kept" });
    await seedMessages(t, alice.userId, doomed.sessionId, 2000);
    await seedMessages(t, alice.userId, kept.sessionId, 3);
    const streaming = await t.run(async (ctx) => {
      const id = await ctx.db.insert("chatMessages", {
        sessionId: doomed.sessionId,
        userId: alice.userId,
        role: "assistant",
        content: "",
        creditsUsed: 3,
        status: "streaming",
        createdAt: 0,
        updatedAt: 0,
      });
      await ctx.db.insert("streamChunks", { messageId: id, seq: 0, text: "partial" });
      return id;
    });

    await alice.mutation(api.chat.sessions.remove, { sessionId: doomed.sessionId });
    expect(await alice.query(api.chat.sessions.get, { sessionId: doomed.sessionId })).toBeNull();
    const list = await alice.query(api.chat.sessions.list, { paginationOpts: page });
    expect(list.page.map((s) => s.title)).toEqual(["kept"]);
    await expectCode(
      alice.query(api.chat.messages.list, { sessionId: doomed.sessionId, paginationOpts: page }),
      "NOT_FOUND",
    );
    // The first batch went with the session; the rest is still queued.
    const left = (await messagesOf(t, doomed.sessionId)).length;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(2001);

    await drain(t);
    expect(await messagesOf(t, doomed.sessionId)).toHaveLength(0);
    expect(await chunksOf(t, streaming)).toHaveLength(0);
    expect(await messagesOf(t, kept.sessionId)).toHaveLength(3);
  });
  test("a chat of 300 messages of 60 KB each is deleted within Convex's read limit", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { sessionId } = await alice.mutation(api.chat.sessions.create, { title: "pasted documents" });
    // 18 MB in all; 200 of them read twice in one transaction would be 24 MB, over 16 MiB.
    const big = (i: number) => `${i} ${"長文".repeat(10_000)}`; // 60 KB of UTF-8 each
    await seedMessages(t, alice.userId, sessionId, 300, big, 100);

    await alice.mutation(api.chat.sessions.remove, { sessionId });
    expect(await alice.query(api.chat.sessions.get, { sessionId })).toBeNull();
    await drain(t);
    expect(await messagesOf(t, sessionId)).toHaveLength(0);
  });
});

describe("display ids", () => {
  /** Every document of every table, by id, as JSON (to diff what a call wrote). */
  async function everything(t: TestConvex): Promise<Map<string, string>> {
    const tables = ["users", "userUsage", "creditLedger", "counters", "chatSessions", "chatMessages", "streamChunks"] as const;
    const entries = await t.run(async (ctx) => {
      const docs: [string, string][] = [];
      for (const table of tables) for (const doc of await ctx.db.query(table).collect()) docs.push([doc._id, JSON.stringify(doc)]);
      for (const job of await ctx.db.system.query("_scheduled_functions").collect()) docs.push([job._id, JSON.stringify(job)]);
      return docs;
    });
    return new Map(entries);
  }

  test("new chats by different users touch no shared document; ids are per user, unique and never reused", async () => {
    const t = setupTest();
    const users = await Promise.all(Array.from({ length: 50 }, (_, i) => signIn(t, `User${i}`)));
    const writeSets: Set<string>[] = [];
    for (const user of users) {
      const before = await everything(t);
      await user.mutation(api.chat.sessions.create, {});
      await user.mutation(api.chat.messages.send, { text: "Hello", clientRequestId: "first", includeContext: false });
      const after = await everything(t);
      const written = new Set<string>();
      for (const id of new Set([...before.keys(), ...after.keys()])) if (before.get(id) !== after.get(id)) written.add(id);
      writeSets.push(written);
    }
    const owner = new Map<string, number>();
    writeSets.forEach((set, user) => {
      for (const id of set) {
        expect(owner.get(id), `document ${id} written by users ${owner.get(id)} and ${user}`).toBeUndefined();
        owner.set(id, user);
      }
    });

    // Each user's chats count from CH-000001, also when created all at once.
    const alice = users[0];
    const created = await Promise.all(Array.from({ length: 20 }, () => alice.mutation(api.chat.sessions.create, {})));
    const ids = [...created.map((c) => c.displayId)].sort();
    expect(new Set(ids).size).toBe(20);
    expect(ids[0]).toBe("CH-000003");
    expect(ids[19]).toBe("CH-000022");
    await alice.mutation(api.chat.sessions.remove, { sessionId: created[19].sessionId });
    expect((await alice.mutation(api.chat.sessions.create, {})).displayId).toBe("CH-000023");
    expect((await users[1].mutation(api.chat.sessions.create, {})).displayId).toBe("CH-000003");
    await drain(t);
  });

  test("a deployment numbered by the old shared counter continues after it", async () => {
    const t = setupTest();
    await t.run(async (ctx) => {
      await ctx.db.insert("counters", { name: "chatSessionDisplayId", value: 4321 });
    });
    const alice = await signIn(t, "Alice");
    expect((await alice.mutation(api.chat.sessions.create, {})).displayId).toBe("CH-004322");
    expect((await alice.mutation(api.chat.sessions.create, {})).displayId).toBe("CH-004323");
  });
});

describe("page size", () => {
  test("a client asking for a huge page still reads at most 100 sessions or messages", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    await seedMessages(t, alice.userId, sessionId, 150);
    await t.run(async (ctx) => {
      for (let i = 0; i < 150; i++) {
        await ctx.db.insert("chatSessions", {
          userId: alice.userId,
          displayId: `CH-9${String(i).padStart(5, "0")}`,
          title: `chat ${i}`,
          createdAt: i,
          updatedAt: i,
          messageCount: 0,
        });
      }
    });
    const huge = { numItems: 10_000, cursor: null };

    const sessions = await alice.query(api.chat.sessions.list, { paginationOpts: huge });
    expect(sessions.page).toHaveLength(100);
    expect(sessions.isDone).toBe(false);
    const messages = await alice.query(api.chat.messages.list, { sessionId, paginationOpts: huge });
    expect(messages.page).toHaveLength(100);
    expect(messages.isDone).toBe(false);
  });
});
