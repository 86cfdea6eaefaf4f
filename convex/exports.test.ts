import type { FunctionReturnType } from "convex/server";
import { describe, expect, test } from "vitest";
import { api } from "./_generated/api";
import { seedChat, seedMessages } from "./chat/seed.testing";
import { expectCode } from "./chat/helpers.testing";
import { EXPORT_TABLES, type ExportTable } from "./model/exports";
import { setupTest, signIn } from "./test.setup";

type Client = Awaited<ReturnType<typeof signIn>>;

/** Walks every table to its end, as the app's "Export my data" does. */
async function exportAll(user: Client) {
  const rows: Record<ExportTable, Array<{ _id: string; userId: string }>> = {
    chatSessions: [],
    chatMessages: [],
    projects: [],
    tasks: [],
    creditLedger: [],
  };
  let queries = 0;
  for (const table of EXPORT_TABLES) {
    let cursor: string | null = null;
    for (let guard = 0; guard < 1000; guard++) {
      const page: FunctionReturnType<typeof api.exports.dataPage> = await user.query(api.exports.dataPage, { table, cursor });
      queries += 1;
      rows[table].push(...(page.rows as Array<{ _id: string; userId: string }>));
      if (page.isDone) break;
      cursor = page.continueCursor;
    }
  }
  return { rows, queries };
}

describe("Export my data", () => {
  test("a user with 10,000 messages gets every row of theirs in bounded pages, and none of anyone else's", { timeout: 120_000 }, async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    const chats = [];
    for (let i = 0; i < 4; i++) chats.push(await seedChat(t, alice.userId, `chat ${i}`));
    for (const [i, chat] of chats.entries()) {
      // 10,000 messages, some of them long (Convex would refuse one query reading them all: 32,000 documents, 16 MiB).
      await seedMessages(t, alice.userId, chat.sessionId, 2500, (n) => (n % 50 === 0 ? `long ${"x".repeat(20_000)}` : `chat ${i} message ${n}`));
    }
    const project = await alice.mutation(api.projects.projects.create, { name: "Garden", description: "Beds" });
    await alice.mutation(api.projects.tasks.add, { projectId: project, title: "Dig" });
    await seedChat(t, bob.userId, "Bob's", ["bob says hi", "hello bob"]);
    await bob.mutation(api.projects.projects.create, { name: "Bob's project", description: "" });

    const { rows, queries } = await exportAll(alice);
    expect(rows.chatMessages).toHaveLength(10_000);
    expect(new Set(rows.chatMessages.map((m) => m._id)).size).toBe(10_000);
    expect(rows.chatSessions).toHaveLength(4);
    expect(rows.projects).toHaveLength(1);
    expect(rows.tasks).toHaveLength(1);
    // The signup grant at least; the ledger sums to the balance.
    expect(rows.creditLedger.length).toBeGreaterThanOrEqual(1);
    const everything = Object.values(rows).flat();
    expect(everything.every((row) => row.userId === alice.userId)).toBe(true);
    expect(queries).toBeGreaterThanOrEqual(50);
  });

  test("a signed-out caller is refused", async () => {
    const t = setupTest();
    await expectCode(t.query(api.exports.dataPage, { table: "chatMessages", cursor: null }), "UNAUTHENTICATED");
  });
});

describe("exporting one chat", () => {
  test("pages through the chat's messages oldest first; another user's chat is not found", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    const chat = await seedChat(t, alice.userId, "Recipes");
    await seedMessages(t, alice.userId, chat.sessionId, 450, (n) => `line ${n}`);
    const contents: string[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const page: FunctionReturnType<typeof api.exports.chatPage> = await alice.query(api.exports.chatPage, {
        sessionId: chat.sessionId,
        cursor,
      });
      expect(page.session.title).toBe("Recipes");
      contents.push(...page.messages.map((m) => m.content));
      if (page.isDone) break;
      cursor = page.continueCursor;
    }
    expect(contents).toEqual(Array.from({ length: 450 }, (_, n) => `line ${n}`));
    await expectCode(bob.query(api.exports.chatPage, { sessionId: chat.sessionId, cursor: null }), "NOT_FOUND");

    // A version off the chosen path (as an edit leaves behind) is not part of the chat's export.
    const [first] = (await alice.query(api.exports.chatPage, { sessionId: chat.sessionId, cursor: null })).messages;
    await t.run((ctx) => ctx.db.patch("chatMessages", first._id, { offPath: true }));
    const after = await alice.query(api.exports.chatPage, { sessionId: chat.sessionId, cursor: null });
    expect(after.messages[0].content).toBe("line 1");
  });
});
