/** Rows for the search, archive and export tests, written directly (two dots: never deployed). */
import type { Id } from "../_generated/dataModel";
import type { TestConvex } from "../test.setup";

export async function seedChat(t: TestConvex, userId: Id<"users">, title: string, texts: string[] = []) {
  return await t.run(async (ctx) => {
    const now = Date.now();
    const count = await ctx.db
      .query("chatSessions")
      .withIndex("by_userId", (q) => q.eq("userId", userId))
      .collect();
    const sessionId = await ctx.db.insert("chatSessions", {
      userId,
      displayId: `CH-${String(900_000 + count.length).padStart(6, "0")}`,
      title,
      createdAt: now,
      updatedAt: now,
      messageCount: texts.length,
    });
    const messageIds: Id<"chatMessages">[] = [];
    for (const [i, content] of texts.entries()) {
      messageIds.push(
        await ctx.db.insert("chatMessages", {
          sessionId,
          userId,
          role: i % 2 === 0 ? "user" : "assistant",
          content,
          creditsUsed: i % 2 === 0 ? 0 : 3,
          status: "complete",
          createdAt: now + i,
          updatedAt: now + i,
        }),
      );
    }
    return { sessionId, messageIds };
  });
}

/** `count` messages in one chat, `perTransaction` inserts at a time (well inside 16,000 writes). */
export async function seedMessages(
  t: TestConvex,
  userId: Id<"users">,
  sessionId: Id<"chatSessions">,
  count: number,
  text = (i: number) => `message ${i}`,
  perTransaction = 2000,
) {
  for (let start = 0; start < count; start += perTransaction) {
    await t.run(async (ctx) => {
      for (let i = start; i < Math.min(count, start + perTransaction); i++) {
        await ctx.db.insert("chatMessages", {
          sessionId,
          userId,
          role: i % 2 === 0 ? "user" : "assistant",
          content: text(i),
          creditsUsed: 0,
          status: "complete",
          createdAt: i,
          updatedAt: i,
        });
      }
    });
  }
}
