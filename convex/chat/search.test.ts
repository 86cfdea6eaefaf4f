import { describe, expect, test } from "vitest";
import type { SearchFilterBuilder } from "convex/server";
import { api } from "../_generated/api";
import type { Doc } from "../_generated/dataModel";
import { setupTest, signIn } from "../test.setup";
import { expectCode } from "./helpers.testing";
import { seedChat } from "./seed.testing";

const highlighted = (snippet: { text: string; highlights: Array<{ start: number; end: number }> }) =>
  snippet.highlights.map(({ start, end }) => snippet.text.slice(start, end));

describe("chat search", () => {
  test("finds the caller's titles and messages, never another user's sharing the same words", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    const mine = await seedChat(t, alice.userId, "Kumquat jam", [
      "How long do I boil kumquats for marmalade?",
      "Boil the kumquat halves for 20 minutes.",
    ]);
    await seedChat(t, alice.userId, "Tax return", ["Which forms do I need?"]);
    const his = await seedChat(t, bob.userId, "Kumquat secrets", ["Bob's private kumquat recipe"]);

    const found = await alice.query(api.chat.search.find, { text: "kumquat" });
    expect(found.chats.map((c) => c.sessionId)).toEqual([mine.sessionId]);
    expect(found.messages.map((m) => m.sessionId)).toEqual([mine.sessionId, mine.sessionId]);
    expect(new Set(found.messages.map((m) => m.messageId))).toEqual(new Set(mine.messageIds));
    // The last word matches as a prefix, as Convex's search does: "kumquat" finds "kumquats".
    expect(found.messages.flatMap((m) => highlighted(m.snippet)).sort()).toEqual(["kumquat", "kumquats"]);
    expect(highlighted(found.chats[0].snippet)).toEqual(["Kumquat"]);

    const theirs = await bob.query(api.chat.search.find, { text: "kumquat recipe" });
    expect(theirs.chats.map((c) => c.sessionId)).toEqual([his.sessionId]);
    expect(theirs.messages.map((m) => m.messageId)).toEqual(his.messageIds);
    expect(JSON.stringify(theirs)).not.toContain("marmalade");
  });

  test("a version off the chat's chosen path is not a result (the chat doesn't show it)", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const chat = await seedChat(t, alice.userId, "Garden", ["Which tomatoes ripen first?", "Cherry tomatoes ripen first."]);
    expect((await alice.query(api.chat.search.find, { text: "tomatoes" })).messages).toHaveLength(2);
    // As an edit leaves the earlier question and its answer behind.
    await t.run(async (ctx) => {
      for (const id of chat.messageIds) await ctx.db.patch("chatMessages", id, { offPath: true });
    });
    expect((await alice.query(api.chat.search.find, { text: "tomatoes" })).messages).toEqual([]);
  });

  test("only the last word is a prefix; best matches first; blank and overlong searches", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { messageIds } = await seedChat(t, alice.userId, "Garden", [
      "tomato",
      "tomatoes and basil, tomato sauce, tomato soup",
      "potato",
    ]);
    // "tom" is not the last word, so it matches only the word "tom" (none); "potato" matches exactly.
    const notPrefix = await alice.query(api.chat.search.find, { text: "tom potato" });
    expect(notPrefix.messages.map((m) => m.messageId)).toEqual([messageIds[2]]);
    const ranked = await alice.query(api.chat.search.find, { text: "tomato" });
    expect(ranked.messages[0].messageId).toBe(messageIds[1]);
    expect(ranked.messages.map((m) => m.messageId).sort()).toEqual([messageIds[0], messageIds[1]].sort());

    expect(await alice.query(api.chat.search.find, { text: "  ,,  " })).toEqual({ chats: [], messages: [] });
    await expectCode(alice.query(api.chat.search.find, { text: "x".repeat(201) }), "INVALID_ARGUMENT");
  });

  test("a result's snippet is cut around the match, with the match highlighted", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const long = `${"intro words ".repeat(40)}the zanzibar itinerary ${"closing words ".repeat(40)}`;
    await seedChat(t, alice.userId, "Trip", [long]);
    const [hit] = (await alice.query(api.chat.search.find, { text: "zanzibar" })).messages;
    expect(hit.snippet.text.startsWith("…")).toBe(true);
    expect(hit.snippet.text.endsWith("…")).toBe(true);
    expect(hit.snippet.text.length).toBeLessThanOrEqual(170);
    expect(highlighted(hit.snippet)).toEqual(["zanzibar"]);
  });
});

describe("search indexes are held to Convex's rules", () => {
  test("the search field, the filter fields and the index must be the index's own", async () => {
    const t = setupTest();
    // Deliberately wrong queries, which the types would refuse: built through a loose view of the API.
    type Loose = { search(field: string, text: string): Loose; eq(field: string, value: unknown): Loose };
    type LooseQuery = { withSearchIndex(index: string, build: (q: Loose) => Loose): { take(n: number): Promise<unknown> } };
    const run = (build: (q: Loose) => Loose, index = "search_content") =>
      t.run(async (ctx) => {
        await (ctx.db.query("chatMessages") as unknown as LooseQuery).withSearchIndex(index, build).take(1);
      });
    await expect(run((q) => q.search("title", "x"))).rejects.toThrow(
      'Search query against chatMessages.search_content contains a search filter against "title", which doesn\'t match the indexed `searchField` "content".',
    );
    await expect(run((q) => q.search("content", "x").eq("sessionId", "1;chatSessions"))).rejects.toThrow(
      'contains an equality filter on "sessionId" but that field isn\'t indexed for filtering in `filterFields`.',
    );
    await expect(run((q) => q.search("content", "x").search("content", "y"))).rejects.toThrow(
      'contains multiple search filters against "content". Only one is allowed.',
    );
    await expect(run((q) => q.search("content", "x"), "search_nothing")).rejects.toThrow(
      "Index chatMessages.search_nothing not found.",
    );
    await expect(run((q) => q.search("content", "x"), "by_userId")).rejects.toThrow(
      "Index chatMessages.by_userId is not a search index",
    );
  });

  test("a search returns at most 1,024 documents, even when more match", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await seedChat(t, alice.userId, "Many", Array.from({ length: 1100 }, (_, i) => `common word ${i}`));
    const search = (q: SearchFilterBuilder<Doc<"chatMessages">, { searchField: "content"; filterFields: "userId" }>) =>
      q.search("content", "common").eq("userId", alice.userId);
    const all = await t.run(async (ctx) => await ctx.db.query("chatMessages").withSearchIndex("search_content", search).collect());
    // Pagination walks the same ranked results, one page per function, without gaps or repeats.
    const seen = new Set<string>();
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const result = await t.run(
        async (ctx) =>
          await ctx.db.query("chatMessages").withSearchIndex("search_content", search).paginate({ cursor, numItems: 300 }),
      );
      for (const doc of result.page) seen.add(doc._id);
      if (result.isDone) break;
      cursor = result.continueCursor;
    }
    const counts = { collected: all.length, paged: seen.size, hasRankField: Object.keys(all[0]).some((k) => k.startsWith("__")) };
    expect(counts).toEqual({ collected: 1024, paged: 1024, hasRankField: false });
  });
});
