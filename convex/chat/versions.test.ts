import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { CONTINUE_INSTRUCTION, SYSTEM_PROMPT } from "../model/chat/prompt";
import { setupTest, signIn, type TestConvex } from "../test.setup";
import { FakeModel, words } from "./fakeModel.testing";
import {
  balanceOf,
  chunksOf,
  drain,
  expectCode,
  installFakeModel,
  ledgerOf,
  messagesOf,
  page,
  setAllowance,
  turn,
  waitFor,
} from "./helpers.testing";

let model: FakeModel;
installFakeModel((m) => (model = m));

type Client = Awaited<ReturnType<typeof signIn>>;

/** What the chat view lists, oldest first, as "role:content [i/n]". */
async function shown(client: Client, sessionId: Id<"chatSessions">) {
  const { page: rows } = await client.query(api.chat.messages.list, { sessionId, paginationOpts: page });
  return rows
    .reverse()
    .map((m) => `${m.role}:${m.content}${m.version ? ` [${m.version.index}/${m.version.count}]` : ""}`);
}

/** The conversation the model was last shown, without the system message. */
const lastHistory = () =>
  model
    .lastPrompt()!
    .filter((m, i) => !(i === 0 && m.role === "system"))
    .map((m) => `${m.role}:${m.content}`);

const debits = async (t: TestConvex, userId: Id<"users">) =>
  (await ledgerOf(t, userId)).filter((r) => r.kind === "debit").length;

async function chatWithOneTurn(t: TestConvex, client: Client, text = "one") {
  model.queue({ kind: "stream", pieces: [`re:${text}`] });
  const sent = await client.mutation(api.chat.messages.send, turn(text, `send-${text}`));
  await drain(t);
  return sent;
}

describe("regenerate", () => {
  test("adds a version from the same history, keeps the old one to flip back to, and charges once", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const sent = await chatWithOneTurn(t, alice);
    model.queue({ kind: "stream", pieces: ["second answer"] });
    const again = await alice.mutation(api.chat.versions.regenerate, {
      messageId: sent.assistantMessageId,
      clientRequestId: "regen-1",
    });
    await drain(t);
    // The model saw the user's message only, never the answer it replaces.
    expect(lastHistory()).toEqual(["user:one"]);
    expect(await shown(alice, sent.sessionId)).toEqual(["user:one", "assistant:second answer [2/2]"]);
    expect(await balanceOf(t, alice.userId)).toBe(94);

    // A retried request returns the same reply and charges nothing.
    expect(
      await alice.mutation(api.chat.versions.regenerate, { messageId: sent.assistantMessageId, clientRequestId: "regen-1" }),
    ).toEqual(again);
    expect(await debits(t, alice.userId)).toBe(2);

    await alice.mutation(api.chat.versions.show, { messageId: again.assistantMessageId, version: 1 });
    expect(await shown(alice, sent.sessionId)).toEqual(["user:one", "assistant:re:one [1/2]"]);
    // Choosing is free and idempotent.
    await alice.mutation(api.chat.versions.show, { messageId: again.assistantMessageId, version: 1 });
    expect(await balanceOf(t, alice.userId)).toBe(94);

    // The next turn follows the chosen version.
    model.queue({ kind: "stream", pieces: ["re:two"] });
    await alice.mutation(api.chat.messages.send, turn("two", "send-two", { sessionId: sent.sessionId }));
    await drain(t);
    expect(lastHistory()).toEqual(["user:one", "assistant:re:one", "user:two"]);
  });

  test("concurrent double clicks: the same key starts one version; two keys, one wins and the other is refused", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const sent = await chatWithOneTurn(t, alice);
    const args = { messageId: sent.assistantMessageId, clientRequestId: "same" };
    const [a, b] = await Promise.all([
      alice.mutation(api.chat.versions.regenerate, args),
      alice.mutation(api.chat.versions.regenerate, args),
    ]);
    expect(a).toEqual(b);
    await drain(t);
    expect(await debits(t, alice.userId)).toBe(2);

    const results = await Promise.allSettled([
      alice.mutation(api.chat.versions.regenerate, { messageId: a.assistantMessageId, clientRequestId: "click-1" }),
      alice.mutation(api.chat.versions.regenerate, { messageId: a.assistantMessageId, clientRequestId: "click-2" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    await expectCode(
      Promise.reject((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason),
      "VERSION_CHANGED",
    );
    await drain(t);
    expect(await debits(t, alice.userId)).toBe(3);
    expect(await balanceOf(t, alice.userId)).toBe(91);
    expect((await shown(alice, sent.sessionId)).at(-1)).toMatch(/\[3\/3\]$/);
  });

  test("without credits nothing is written; a failed version is refunded exactly once", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const sent = await chatWithOneTurn(t, alice);
    const before = await messagesOf(t, sent.sessionId);
    await setAllowance(t, alice.userId, 2);
    await expectCode(
      alice.mutation(api.chat.versions.regenerate, { messageId: sent.assistantMessageId, clientRequestId: "poor" }),
      "INSUFFICIENT_CREDITS",
    );
    expect(await messagesOf(t, sent.sessionId)).toEqual(before);

    // Back to what the ledger says (97), so its invariant holds again.
    await setAllowance(t, alice.userId, 97);
    model.queue({ kind: "status", status: 400 });
    const failed = await alice.mutation(api.chat.versions.regenerate, {
      messageId: sent.assistantMessageId,
      clientRequestId: "fails",
    });
    await drain(t);
    const rows = await ledgerOf(t, alice.userId);
    expect(rows.filter((r) => r.kind === "refund")).toHaveLength(1);
    expect(rows.find((r) => r.kind === "refund")?.idempotencyKey).toContain("fails");
    expect(await balanceOf(t, alice.userId)).toBe(97);
    const reply = (await messagesOf(t, sent.sessionId)).find((m) => m._id === failed.assistantMessageId)!;
    expect(reply).toMatchObject({ status: "error", creditsUsed: 0 });
  });

  test("a streaming reply is not replaced, and another user's reply is not found", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    model.queue({ kind: "stream", pieces: words(5), holdAfter: 1 });
    const sent = await alice.mutation(api.chat.messages.send, turn("hi", "hold"));
    await waitFor(async () => model.requests.length === 1, "the model call");
    await expectCode(
      alice.mutation(api.chat.versions.regenerate, { messageId: sent.assistantMessageId, clientRequestId: "r" }),
      "ALREADY_STREAMING",
    );
    await expectCode(
      alice.mutation(api.chat.versions.edit, { messageId: sent.userMessageId, text: "x", clientRequestId: "e" }),
      "ALREADY_STREAMING",
    );
    model.release();
    await drain(t);
    await expectCode(
      bob.mutation(api.chat.versions.regenerate, { messageId: sent.assistantMessageId, clientRequestId: "b" }),
      "NOT_FOUND",
    );
    await expectCode(bob.mutation(api.chat.versions.show, { messageId: sent.assistantMessageId, version: 1 }), "NOT_FOUND");
    expect(await balanceOf(t, alice.userId)).toBe(97);
  });
});

describe("edit", () => {
  test("the chat continues from the edit; the earlier branch stays reachable with its own history", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const first = await chatWithOneTurn(t, alice, "A");
    const { sessionId } = first;
    model.queue({ kind: "stream", pieces: ["re:B"] });
    await alice.mutation(api.chat.messages.send, turn("B", "send-B", { sessionId }));
    await drain(t);

    model.queue({ kind: "stream", pieces: ["re:A2"] });
    const edited = await alice.mutation(api.chat.versions.edit, {
      messageId: first.userMessageId,
      text: "  A2 ",
      clientRequestId: "edit-1",
    });
    await drain(t);
    expect(lastHistory()).toEqual(["user:A2"]);
    expect(await shown(alice, sessionId)).toEqual(["user:A2 [2/2]", "assistant:re:A2"]);

    model.queue({ kind: "stream", pieces: ["re:C"] });
    await alice.mutation(api.chat.messages.send, turn("C", "send-C", { sessionId }));
    await drain(t);
    expect(lastHistory()).toEqual(["user:A2", "assistant:re:A2", "user:C"]);

    // Back to the first version: the whole earlier branch returns, and the next turn follows it.
    await alice.mutation(api.chat.versions.show, { messageId: edited.userMessageId!, version: 1 });
    expect(await shown(alice, sessionId)).toEqual(["user:A [1/2]", "assistant:re:A", "user:B", "assistant:re:B"]);
    model.queue({ kind: "stream", pieces: ["re:D"] });
    await alice.mutation(api.chat.messages.send, turn("D", "send-D", { sessionId }));
    await drain(t);
    expect(lastHistory()).toEqual(["user:A", "assistant:re:A", "user:B", "assistant:re:B", "user:D"]);

    // And forward again: the edited branch with its own later turn.
    await alice.mutation(api.chat.versions.show, { messageId: first.userMessageId, version: 2 });
    expect(await shown(alice, sessionId)).toEqual(["user:A2 [2/2]", "assistant:re:A2", "user:C", "assistant:re:C"]);
    // Five paid turns: A, B, the edit, C, D.
    expect(await debits(t, alice.userId)).toBe(5);
    expect(await balanceOf(t, alice.userId)).toBe(85);
  });

  test("an edit is checked like a send and a retried edit changes nothing", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const sent = await chatWithOneTurn(t, alice);
    const edit = (text: string, clientRequestId: string) =>
      alice.mutation(api.chat.versions.edit, { messageId: sent.userMessageId, text, clientRequestId });
    await expectCode(edit("  ", "blank"), "EMPTY_MESSAGE");
    await expectCode(edit("x".repeat(16_001), "long"), "MESSAGE_TOO_LONG");
    await expectCode(
      alice.mutation(api.chat.versions.edit, { messageId: sent.assistantMessageId, text: "x", clientRequestId: "r" }),
      "NOT_FOUND",
    );
    const [a, b] = await Promise.all([edit("new", "edit-x"), edit("new", "edit-x")]);
    expect(a).toEqual(b);
    await drain(t);
    expect(await debits(t, alice.userId)).toBe(2);
    expect(await messagesOf(t, sent.sessionId)).toHaveLength(4);
  });
});

describe("continue", () => {
  test("a stopped reply goes on from its text; only what the model adds is new, and the stopped one stays", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    model.queue({ kind: "stream", pieces: words(12), holdAfter: 11 });
    const sent = await alice.mutation(api.chat.messages.send, turn("Count", "count"));
    const written = async () => (await chunksOf(t, sent.assistantMessageId)).map((c) => c.text).join("");
    await waitFor(async () => (await written()) === words(11).join(""), "11 pieces written");
    await alice.mutation(api.chat.messages.stop, { messageId: sent.assistantMessageId });
    model.release();
    await drain(t);
    const stoppedText = words(11).join("");

    model.queue({ kind: "stream", pieces: [" w11", " done."] });
    const more = await alice.mutation(api.chat.versions.continueReply, {
      messageId: sent.assistantMessageId,
      clientRequestId: "more",
    });
    await drain(t);
    expect(lastHistory()).toEqual(["user:Count", `assistant:${stoppedText}`, `system:${CONTINUE_INSTRUCTION}`]);
    expect(await shown(alice, sent.sessionId)).toEqual(["user:Count", `assistant:${stoppedText} w11 done. [2/2]`]);
    await alice.mutation(api.chat.versions.show, { messageId: more.assistantMessageId, version: 1 });
    expect(await shown(alice, sent.sessionId)).toEqual(["user:Count", `assistant:${stoppedText} [1/2]`]);
    expect(await balanceOf(t, alice.userId)).toBe(94);

    // Only a stopped reply with text can be continued.
    await alice.mutation(api.chat.versions.show, { messageId: more.assistantMessageId, version: 2 });
    await expectCode(
      alice.mutation(api.chat.versions.continueReply, { messageId: more.assistantMessageId, clientRequestId: "again" }),
      "INVALID_ARGUMENT",
    );
  });

  test("stopping a continued reply before it adds anything keeps the text and refunds it", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    model.queue({ kind: "stream", pieces: words(12), holdAfter: 11 });
    const sent = await alice.mutation(api.chat.messages.send, turn("Count", "count"));
    await waitFor(async () => (await chunksOf(t, sent.assistantMessageId)).length > 0, "some text");
    await alice.mutation(api.chat.messages.stop, { messageId: sent.assistantMessageId });
    model.release();
    await drain(t);
    const stopped = (await messagesOf(t, sent.sessionId)).find((m) => m._id === sent.assistantMessageId)!;

    model.queue({ kind: "stream", pieces: ["late"], holdAfter: 0 });
    const more = await alice.mutation(api.chat.versions.continueReply, {
      messageId: sent.assistantMessageId,
      clientRequestId: "more",
    });
    // The stopped text is live at once, before the model says anything.
    const live = await alice.query(api.chat.messages.chatLive, { sessionId: sent.sessionId });
    expect(live).toEqual({ group: 0, text: stopped.content });
    await waitFor(async () => model.requests.length === 2, "the model call");
    await alice.mutation(api.chat.messages.stop, { messageId: more.assistantMessageId });
    model.release();
    await drain(t);
    const continued = (await messagesOf(t, sent.sessionId)).find((m) => m._id === more.assistantMessageId)!;
    expect(continued).toMatchObject({ status: "stopped", content: stopped.content, creditsUsed: 0 });
    expect((await ledgerOf(t, alice.userId)).filter((r) => r.kind === "refund")).toHaveLength(1);
    expect(await balanceOf(t, alice.userId)).toBe(97);
  });
});

describe("chats from before versions", () => {
  test("a line of messages without parents can be regenerated and edited, keeping its history", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    const ids = await t.run(async (ctx) => {
      const out: Id<"chatMessages">[] = [];
      const texts = ["q1", "a1", "q2", "a2"];
      for (const [i, content] of texts.entries()) {
        out.push(
          await ctx.db.insert("chatMessages", {
            sessionId,
            userId: alice.userId,
            role: i % 2 === 0 ? "user" : "assistant",
            content,
            creditsUsed: 0,
            status: "complete",
            createdAt: i + 1,
            updatedAt: i + 1,
          }),
        );
      }
      await ctx.db.patch("chatSessions", sessionId, { messageCount: 4 });
      return out;
    });
    model.queue({ kind: "stream", pieces: ["a2 again"] });
    await alice.mutation(api.chat.versions.regenerate, { messageId: ids[3], clientRequestId: "r" });
    await drain(t);
    expect(lastHistory()).toEqual(["user:q1", "assistant:a1", "user:q2"]);
    expect(await shown(alice, sessionId)).toEqual(["user:q1", "assistant:a1", "user:q2", "assistant:a2 again [2/2]"]);

    model.queue({ kind: "stream", pieces: ["a1b"] });
    await alice.mutation(api.chat.versions.edit, { messageId: ids[0], text: "q1b", clientRequestId: "e" });
    await drain(t);
    expect(lastHistory()).toEqual(["user:q1b"]);
    expect(await shown(alice, sessionId)).toEqual(["user:q1b [2/2]", "assistant:a1b"]);
    await alice.mutation(api.chat.versions.show, { messageId: ids[0], version: 1 });
    expect(await shown(alice, sessionId)).toEqual(["user:q1 [1/2]", "assistant:a1", "user:q2", "assistant:a2 again [2/2]"]);
  });
});

test("the system prompt stays first and unchanged when no instructions apply", async () => {
  const t = setupTest();
  const alice = await signIn(t, "Alice");
  await chatWithOneTurn(t, alice);
  expect(model.lastPrompt()![0]).toEqual({ role: "system", content: SYSTEM_PROMPT });
});
