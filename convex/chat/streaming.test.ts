import { describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { setupTest, signIn } from "../test.setup";
import { SYSTEM_PROMPT } from "../model/chat/prompt";
import { INLINE_TEXT_MAX } from "../model/chat/history";
import { START_WITHIN_MS } from "../model/chat/reply";
import { FakeModel, words } from "./fakeModel.testing";
import {
  balanceOf,
  chunksOf,
  drain,
  expectCode,
  ledgerOf,
  messagesOf,
  page,
  waitFor,
  installFakeModel,
  turn,
} from "./helpers.testing";

let model: FakeModel;
installFakeModel((m) => (model = m));


async function setup() {
  const t = setupTest();
  const alice = await signIn(t, "Alice");
  const view = async (sessionId: Id<"chatSessions">) =>
    (await alice.query(api.chat.messages.list, { sessionId, paginationOpts: page })).page;
  return { t, alice, view };
}

describe("streaming a reply", () => {
  test("create → send → chunks a watcher reads group by group → final message with tokens and credits", async () => {
    const { t, alice, view } = await setup();
    const pieces = words(25);
    model.queue({ kind: "stream", pieces, usage: { prompt_tokens: 42, completion_tokens: 25 }, holdAfter: 22 });
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    const sent = await alice.mutation(api.chat.messages.send, turn("Tell me something", "r1", { sessionId }));

    // Mid-reply: the 22 pieces before the hold are written as chunk rows (10-token flushes, then a 50 ms one).
    const written = async () => (await chunksOf(t, sent.assistantMessageId)).map((c) => c.text).join("");
    await waitFor(async () => (await written()) === pieces.slice(0, 22).join(""), "22 pieces written");
    const chunks = await chunksOf(t, sent.assistantMessageId);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    const [live] = await view(sessionId);
    expect(live).toMatchObject({ status: "streaming", content: "" }); // live text comes from `chatLive`
    // The first flush is sealed at once (the first characters show fast); rows
    // written later are sealed within GROUP_MAX_MS even while the model pauses.
    const liveNow = () => alice.query(api.chat.messages.chatLive, { sessionId });
    const sealedText = async () => {
      const now = await liveNow();
      if (!now || !("group" in now)) return "";
      return (await alice.query(api.chat.messages.liveRange, { messageId: sent.assistantMessageId, from: 0, to: now.group }))!.join("");
    };
    await waitFor(async () => (await sealedText()) === pieces.slice(0, 22).join(""), "the written rows sealed");
    const stored = (await messagesOf(t, sessionId)).find((m) => m._id === sent.assistantMessageId)!;
    expect(stored.content).toBe(""); // the growing text lives in chunks, not the message

    model.release();
    await drain(t);
    const [reply, userMessage] = await view(sessionId);
    expect(userMessage).toMatchObject({ role: "user", content: "Tell me something", status: "complete" });
    expect(reply).toMatchObject({
      _id: sent.assistantMessageId,
      role: "assistant",
      status: "complete",
      content: pieces.join(""),
      tokens: { input: 42, output: 25 },
      creditsUsed: 3,
      provider: "offline",
      model: "helm-offline",
    });
    expect(reply.tokens).toEqual({ input: 42, output: 25 }); // as reported: no `estimated` label
    expect(await chunksOf(t, sent.assistantMessageId)).toHaveLength(0);
    expect(await balanceOf(t, alice.userId)).toBe(97);
    expect((await alice.query(api.chat.sessions.stats, { sessionId }))?.messageCount).toBe(2);
    const request = model.requests[0].body;
    expect(request.stream).toBe(true);
    expect(request.stream_options).toEqual({ include_usage: true });
  });

  test("generation's start is written with the first text, or alone once the model has said nothing for a second", async () => {
    const { t, alice } = await setup();
    const reply = (id: Id<"chatMessages">) => t.run((ctx) => ctx.db.get("chatMessages", id));
    model.queue({ kind: "stream", pieces: words(12), holdAfter: 0 });
    const silent = await alice.mutation(api.chat.messages.send, turn("Say nothing yet", "s1"));
    await waitFor(async () => (await reply(silent.assistantMessageId))?.startedAt !== undefined, "the start");
    const started = (await reply(silent.assistantMessageId))!;
    // No text was written: the start went alone, a second (START_WITHIN_MS) after the run began.
    expect(await chunksOf(t, silent.assistantMessageId)).toHaveLength(0);
    expect(started).toMatchObject({ status: "streaming", provider: expect.any(String), model: expect.any(String) });
    expect(started.startedAt! - started.createdAt).toBeGreaterThanOrEqual(START_WITHIN_MS);
    model.release();
    await drain(t);

    model.queue({ kind: "stream", pieces: words(12) });
    const talking = await alice.mutation(api.chat.messages.send, turn("Say something", "s2", { sessionId: silent.sessionId }));
    await drain(t);
    const done = (await reply(talking.assistantMessageId))!;
    expect(done).toMatchObject({ status: "complete", provider: expect.any(String) });
    expect(done.startedAt! - done.createdAt).toBeLessThan(START_WITHIN_MS);
  });

  test("live text: each group once, a missed range read once, and the tail when the reply ends", async () => {
    const { t, alice } = await setup();
    const pieces = words(175);
    model.queue({ kind: "stream", pieces, holdAfter: 170 });
    const sent = await alice.mutation(api.chat.messages.send, turn("Long one", "b1"));
    const messageId = sent.assistantMessageId;
    const held = pieces.slice(0, 170).join("");
    await waitFor(async () => (await chunksOf(t, messageId)).map((c) => c.text).join("") === held, "170 pieces written");
    const live = () => alice.query(api.chat.messages.chatLive, { sessionId: sent.sessionId });
    const range = (from: number, to: number) => alice.query(api.chat.messages.liveRange, { messageId, from, to });
    // Within GROUP_MAX_MS every written row is in a group, and the groups join to the text.
    await waitFor(async () => {
      const now = await live();
      return !!now && "group" in now && (await range(0, now.group))!.join("") === held;
    }, "all rows sealed");
    const newest = await live();
    if (!newest || !("group" in newest)) throw new Error("still streaming");
    const groups = (await range(0, newest.group))!;
    expect(groups.at(-1)).toBe(newest.text); // `live` carries only the newest group
    expect(groups.every((g) => g !== "")).toBe(true);
    const listed = await alice.query(api.chat.messages.list, { sessionId: sent.sessionId, paginationOpts: page });
    expect(listed.page[0]).toMatchObject({ status: "streaming", content: "" });

    model.release();
    await drain(t);
    const end = await live();
    // The tail completes what the watcher had: no second copy of the reply.
    // The end also says what the reply's run settled, which its row in `recent` leaves out.
    expect(end).toEqual({
      sealed: held.length,
      tail: pieces.slice(170).join(""),
      status: "complete",
      creditsUsed: 3,
      tokens: expect.any(Object),
      model: expect.any(String),
      provider: expect.any(String),
    });
    expect(groups.join("") + (end && "tail" in end ? end.tail : "")).toBe(pieces.join(""));
    expect(await range(0, newest.group)).toBeNull();
    expect(await t.run((ctx) => ctx.db.query("streamGroups").collect())).toHaveLength(0);
    const done = await alice.query(api.chat.messages.list, { sessionId: sent.sessionId, paginationOpts: page });
    expect(done.page[0]).toMatchObject({ status: "complete", content: pieces.join("") });
    expect(await alice.query(api.chat.messages.text, { messageId })).toBe(pieces.join(""));
    const bob = await signIn(t, "Bob");
    await expectCode(bob.query(api.chat.messages.chatLive, { sessionId: sent.sessionId }), "NOT_FOUND");
    await expectCode(bob.query(api.chat.messages.text, { messageId }), "NOT_FOUND");
  });

  test("history and newer messages split a chat at any boundary, and a turn leaves the history unchanged", async () => {
    const { t, alice } = await setup();
    model.queue({ kind: "stream", pieces: ["One."] });
    const first = await alice.mutation(api.chat.messages.send, turn("First", "h1"));
    await drain(t);
    const boundary = (await alice.query(api.chat.sessions.stats, { sessionId: first.sessionId }))!.updatedAt;
    const history = () => alice.query(api.chat.messages.history, { sessionId: first.sessionId, before: boundary, paginationOpts: page });
    const before = await history();
    expect(before.page.map((m) => m.content)).toEqual(["One.", "First"]);
    const chat = () => alice.query(api.chat.sessions.get, { sessionId: first.sessionId });
    const chatBefore = await chat();
    expect(await alice.query(api.chat.messages.recent, { sessionId: first.sessionId, after: boundary })).toEqual([]);

    model.queue({ kind: "stream", pieces: ["Two."] });
    const second = await alice.mutation(api.chat.messages.send, turn("Second", "h2", { sessionId: first.sessionId }));
    const recent = () => alice.query(api.chat.messages.recent, { sessionId: first.sessionId, after: boundary });
    const rowsAtSend = await recent();
    // Before its run starts the reply waits for a slot, which the live result says, not its row.
    expect(await alice.query(api.chat.messages.chatLive, { sessionId: first.sessionId })).toEqual({ queued: true });
    await drain(t);
    // The reply started, streamed and ended: no row changed.
    expect(await recent()).toEqual(rowsAtSend);
    expect(await history()).toEqual(before);
    // The open chat itself doesn't change with a turn either (its counters are in `stats`).
    expect(await chat()).toEqual(chatBefore);
    expect((await alice.query(api.chat.sessions.stats, { sessionId: first.sessionId }))!.messageCount).toBe(4);
    // No text; a user row carries no status (always complete) but its send key; the reply is the chat's
    // live one and carries only what its turn fixed: what its run settles comes with `chatLive`.
    expect(await recent()).toEqual([
      { _id: second.userMessageId, role: "user", createdAt: expect.any(Number), clientRequestId: "h2" },
      { _id: second.assistantMessageId, role: "assistant", createdAt: expect.any(Number), modelId: expect.any(String), live: true },
    ]);
    expect(await alice.query(api.chat.messages.chatLive, { sessionId: first.sessionId })).toMatchObject({
      status: "complete",
      tail: "Two.",
      creditsUsed: 3,
      tokens: expect.any(Object),
    });

    // The next turn takes the mark: the earlier reply's row now shows how it ended.
    model.queue({ kind: "stream", pieces: ["Three."] });
    const third = await alice.mutation(api.chat.messages.send, turn("Third", "h3", { sessionId: first.sessionId }));
    await drain(t);
    const rows = await recent();
    expect(rows.map((m) => [m._id, m.status, m.live])).toEqual([
      [second.userMessageId, undefined, undefined],
      [second.assistantMessageId, "complete", undefined],
      [third.userMessageId, undefined, undefined],
      [third.assistantMessageId, undefined, true],
    ]);
    expect(rows[1].tokens).toBeDefined();
    // Any boundary is a partition: every message on exactly one side.
    for (const b of [0, boundary - 1, boundary, boundary + 1, Date.now() + 60_000]) {
      const older = (await alice.query(api.chat.messages.history, { sessionId: first.sessionId, before: b, paginationOpts: page })).page;
      const newer = await alice.query(api.chat.messages.recent, { sessionId: first.sessionId, after: b });
      expect([...older.map((m) => m._id)].reverse().concat(newer.map((m) => m._id))).toEqual([
        first.userMessageId, first.assistantMessageId, second.userMessageId, second.assistantMessageId,
        third.userMessageId, third.assistantMessageId,
      ]);
    }
  });

  test("the newest question comes with its row for every tab but the one that sent it, and only while it is the newest", async () => {
    const { t, alice } = await setup();
    model.queue({ kind: "stream", pieces: ["One."] });
    const first = await alice.mutation(api.chat.messages.send, turn("Where do I start?", "q1", { tab: "tab-a" }));
    await drain(t);
    const rows = (tab?: string) => alice.query(api.chat.messages.recent, { sessionId: first.sessionId, after: 0, tab });
    const question = async (tab?: string) => {
      const [row] = await rows(tab);
      return { content: row.content, clientRequestId: row.clientRequestId };
    };
    // The tab that sent it has the text: its send key. Another tab gets the text. A reader naming no tab, the key.
    expect(await question("tab-a")).toEqual({ content: undefined, clientRequestId: "q1" });
    expect(await question("tab-b")).toEqual({ content: "Where do I start?", clientRequestId: undefined });
    expect(await question()).toEqual({ content: undefined, clientRequestId: "q1" });

    // A newer question takes over; the older one is carried by no row any more (no turn re-sends it).
    const long = "word ".repeat(INLINE_TEXT_MAX / 5 + 1).trim();
    model.queue({ kind: "stream", pieces: ["Two."] });
    await alice.mutation(api.chat.messages.send, turn(long, "q2", { sessionId: first.sessionId, tab: "tab-a" }));
    await drain(t);
    const seen = await rows("tab-b");
    expect(seen.map((m) => m.content)).toEqual([undefined, undefined, undefined, undefined]);
    // A long question never rides with its row: another tab reads it once with `text`.
    expect((await rows("tab-a"))[2].clientRequestId).toBe("q2");
    await expectCode(alice.mutation(api.chat.messages.send, turn("Hi", "q3", { sessionId: first.sessionId, tab: "x".repeat(500) })), "INVALID_ARGUMENT");
  });

  test("the chat's live text follows each reply in turn, and the lists mark the reply it is about", async () => {
    const { t, alice } = await setup();
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    const chatLive = () => alice.query(api.chat.messages.chatLive, { sessionId });
    const marked = async () => (await alice.query(api.chat.messages.recent, { sessionId, after: 0 })).filter((m) => m.live).map((m) => m._id);
    expect(await chatLive()).toBeNull();

    const pieces = words(12);
    model.queue({ kind: "stream", pieces, holdAfter: 10 });
    const first = await alice.mutation(api.chat.messages.send, turn("First", "l1", { sessionId }));
    expect(await marked()).toEqual([first.assistantMessageId]);
    await waitFor(async () => "group" in ((await chatLive()) ?? {}), "the first group");
    expect(await chatLive()).toEqual({ group: expect.any(Number), text: expect.any(String) });
    model.release();
    await drain(t);
    // Ended: the row stays marked until the next turn, so the end changes no row; the end result stays
    // for a view that followed the reply, and a view opened now finds the reply unmarked in its history.
    expect(await marked()).toEqual([first.assistantMessageId]);
    expect(await chatLive()).toMatchObject({ sealed: expect.any(Number), tail: expect.any(String), status: "complete" });
    const boundary = (await alice.query(api.chat.sessions.stats, { sessionId }))!.updatedAt;
    const history = await alice.query(api.chat.messages.history, { sessionId, before: boundary, paginationOpts: page });
    expect(history.page.some((m) => "live" in m)).toBe(false);

    // The next reply takes over at once: waiting for its run, nothing sealed yet.
    model.queue({ kind: "stream", pieces: words(3), holdAfter: 1 });
    const second = await alice.mutation(api.chat.messages.send, turn("Second", "l2", { sessionId }));
    expect(await marked()).toEqual([second.assistantMessageId]);
    expect(await chatLive()).toEqual({ queued: true });
    await waitFor(async () => (await chunksOf(t, second.assistantMessageId)).length > 0, "the second reply to stream");
    // A view opened now (the reply streams in its history) finds it marked there.
    const now = (await alice.query(api.chat.sessions.stats, { sessionId }))!.updatedAt;
    const opened = await alice.query(api.chat.messages.history, { sessionId, before: now, paginationOpts: page });
    expect(opened.page.filter((m) => m.live).map((m) => m._id)).toEqual([second.assistantMessageId]);
    model.release();
    await drain(t);
  });

  test("without provider usage, tokens are estimated with the tokenizer", async () => {
    const { t, alice, view } = await setup();
    model.queue({ kind: "stream", pieces: ["Hello", " world"], usage: null });
    const { sessionId } = await alice.mutation(api.chat.messages.send, turn("Hi", "r1"));
    await drain(t);
    const [reply] = await view(sessionId);
    expect(reply.tokens?.output).toBe(2);
    expect(reply.tokens?.input).toBeGreaterThan(0);
    expect(reply.tokens?.estimated).toBe(true);
  });
});

describe("the prompt", () => {
  test("holds the system prompt and only the last 10 usable messages, oldest first", async () => {
    const { t, alice } = await setup();
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    for (let i = 0; i < 6; i++) {
      model.queue({ kind: "stream", pieces: [`answer ${i}`] });
      await alice.mutation(api.chat.messages.send, turn(`question ${i}`, `q${i}`, { sessionId }));
      await drain(t);
    }
    model.queue({ kind: "status", status: 400 }); // a failed reply is left out of later prompts
    await alice.mutation(api.chat.messages.send, turn("question 6", "q6", { sessionId }));
    await drain(t);
    await alice.mutation(api.chat.messages.send, turn("question 7", "q7", { sessionId }));
    await drain(t);

    expect(model.lastPrompt()).toEqual([
      { role: "system", content: SYSTEM_PROMPT },
      { role: "user", content: "question 2" },
      { role: "assistant", content: "answer 2" },
      { role: "user", content: "question 3" },
      { role: "assistant", content: "answer 3" },
      { role: "user", content: "question 4" },
      { role: "assistant", content: "answer 4" },
      { role: "user", content: "question 5" },
      { role: "assistant", content: "answer 5" },
      { role: "user", content: "question 6" },
      { role: "user", content: "question 7" },
    ]);
  });

  test("includes the user's own projects and active tasks only when asked", async () => {
    const { t, alice } = await setup();
    const bob = await signIn(t, "Bob");
    await t.run(async (ctx) => {
      const now = Date.now();
      const base = { createdAt: now, updatedAt: now, source: "manual" as const };
      const mine = await ctx.db.insert("projects", { ...base, userId: alice.userId, name: "Launch plan", description: "Ship v2" });
      const theirs = await ctx.db.insert("projects", { ...base, userId: bob.userId, name: "Bob's secret", description: "" });
      const task = { createdAt: now, updatedAt: now };
      await ctx.db.insert("tasks", { ...task, projectId: mine, userId: alice.userId, title: "Write release notes", status: "todo", order: 1 });
      await ctx.db.insert("tasks", { ...task, projectId: mine, userId: alice.userId, title: "Record demo", status: "in_progress", order: 2 });
      await ctx.db.insert("tasks", { ...task, projectId: mine, userId: alice.userId, title: "Old finished thing", status: "done", order: 0 });
      await ctx.db.insert("tasks", { ...task, projectId: theirs, userId: bob.userId, title: "Bob task", status: "todo", order: 0 });
    });

    await alice.mutation(api.chat.messages.send, turn("What next?", "with", { includeContext: true }));
    await drain(t);
    const system = model.lastPrompt()![0];
    expect(system.role).toBe("system");
    expect(system.content.startsWith(SYSTEM_PROMPT)).toBe(true);
    expect(system.content).toContain("user's own data");
    expect(system.content).toContain("- Project: Launch plan — Ship v2");
    expect(system.content).toContain("  - [to do] Write release notes");
    expect(system.content).toContain("  - [in progress] Record demo");
    expect(system.content).not.toContain("Old finished thing");
    expect(system.content).not.toContain("Bob");

    await alice.mutation(api.chat.messages.send, turn("What next?", "without"));
    await drain(t);
    expect(model.lastPrompt()![0]).toEqual({ role: "system", content: SYSTEM_PROMPT });
  });

  test("the context includes excerpts of pages the user attached by URL", async () => {
    const { t, alice } = await setup();
    await t.run(async (ctx) => {
      const now = Date.now();
      const projectId = await ctx.db.insert("projects", {
        userId: alice.userId, name: "Research", description: "", source: "url", createdAt: now, updatedAt: now,
      });
      await ctx.db.insert("projectSources", {
        projectId, userId: alice.userId, url: "https://example.com/pricing", title: "Pricing study",
        excerpt: "Competitors charge   twelve dollars\n a month.", createdAt: now,
      });
    });
    await alice.mutation(api.chat.messages.send, turn("What do competitors charge?", "pages", { includeContext: true }));
    await drain(t);
    const system = model.lastPrompt()![0].content;
    expect(system).toContain("- Pages attached to projects:");
    expect(system).toContain("  - Pricing study (https://example.com/pricing): Competitors charge twelve dollars a month.");
  });

  test("the context summary is capped in tokens", async () => {
    const { t, alice } = await setup();
    await t.run(async (ctx) => {
      const now = Date.now();
      for (let p = 0; p < 25; p++) {
        const projectId = await ctx.db.insert("projects", {
          userId: alice.userId, name: `Project ${p}`, description: "d".repeat(150), source: "manual", createdAt: now, updatedAt: now + p,
        });
        for (let i = 0; i < 4; i++) {
          await ctx.db.insert("tasks", {
            projectId, userId: alice.userId, title: `Task ${p}.${i} with a fairly long descriptive title`, status: "todo", order: i, createdAt: now, updatedAt: now,
          });
        }
      }
    });
    await alice.mutation(api.chat.messages.send, turn("Summarise", "cap", { includeContext: true }));
    await drain(t);
    const { countTokens } = await import("gpt-tokenizer");
    const system = model.lastPrompt()![0].content;
    const context = system.slice(SYSTEM_PROMPT.length);
    expect(countTokens(context)).toBeLessThanOrEqual(1500);
    expect(system).toContain("left out for length");
    expect(system).toContain("Project 24"); // newest first
  });
});

describe("providers", () => {
  test("Azure o-series: deployment URL, developer role, max_completion_tokens, no temperature", async () => {
    const { t, alice, view } = await setup();
    vi.stubEnv("AZURE_OPENAI_ENDPOINT", "https://helm-test.openai.azure.com");
    vi.stubEnv("AZURE_OPENAI_KEY", "test-key");
    vi.stubEnv("AZURE_OPENAI_DEPLOYMENT", "o4-mini");
    vi.stubEnv("AZURE_OPENAI_API_VERSION", "2025-01-01-preview");
    const { sessionId } = await alice.mutation(api.chat.messages.send, turn("Hi", "az"));
    await drain(t);
    const [{ url, body, headers }] = model.requests;
    expect(url).toBe(
      "https://helm-test.openai.azure.com/openai/deployments/o4-mini/chat/completions?api-version=2025-01-01-preview",
    );
    expect(headers.get("api-key")).toBe("test-key");
    expect(body.messages[0].role).toBe("developer");
    expect(body.max_completion_tokens).toBeGreaterThan(0);
    expect(body.max_tokens).toBeUndefined();
    expect(body.temperature).toBeUndefined();
    const [reply] = await view(sessionId);
    expect(reply).toMatchObject({ status: "complete", provider: "azure", model: "o4-mini", content: "Hello there!" });
  });

  test("an OpenAI-compatible endpoint gets a system message and max_tokens", async () => {
    const { t, alice, view } = await setup();
    vi.stubEnv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
    vi.stubEnv("OPENAI_MODEL", "gpt-4o-mini");
    const { sessionId } = await alice.mutation(api.chat.messages.send, turn("Hi", "oa"));
    await drain(t);
    const [{ url, body }] = model.requests;
    expect(url).toBe("http://127.0.0.1:9/v1/chat/completions");
    expect(body.messages[0].role).toBe("system");
    expect(body.max_tokens).toBeGreaterThan(0);
    expect((await view(sessionId))[0]).toMatchObject({ provider: "openai", model: "gpt-4o-mini" });
  });

  test("with no model configured the reply fails plainly and is refunded", async () => {
    const { t, alice, view } = await setup();
    vi.stubEnv("HELM_OFFLINE_MODEL_URL", "");
    const { sessionId } = await alice.mutation(api.chat.messages.send, turn("Hi", "none"));
    await drain(t);
    const [reply] = await view(sessionId);
    expect(reply).toMatchObject({ status: "error", error: "No AI model is configured on this server.", creditsUsed: 0 });
    expect(model.requests).toHaveLength(0);
    expect(await balanceOf(t, alice.userId)).toBe(100);
  });
});

describe("failures", () => {
  test.each([
    [500, "The AI model had a problem answering. Please try again."],
    [429, "The AI model is busy right now. Please try again in a moment."],
  ])("HTTP %i is retried a bounded number of times, then refunded exactly once", async (status, message) => {
    const { t, alice, view } = await setup();
    model.setFallback({ kind: "status", status, headers: { "retry-after-ms": "1" } });
    const { sessionId, assistantMessageId } = await alice.mutation(api.chat.messages.send, turn("Hi", "f"));
    await drain(t);
    expect(model.requests).toHaveLength(3);
    const [reply] = await view(sessionId);
    expect(reply).toMatchObject({ status: "error", error: message, creditsUsed: 0 });
    const rows = await ledgerOf(t, alice.userId);
    expect(rows.map((r) => r.kind)).toEqual(["signup_grant", "debit", "refund"]);
    expect(rows[2].ref).toEqual({ type: "message", id: assistantMessageId });
    expect(await balanceOf(t, alice.userId)).toBe(100);
  });

  test("a transient 503 followed by success completes normally", async () => {
    const { t, alice, view } = await setup();
    model.queue({ kind: "status", status: 503, headers: { "retry-after-ms": "1" } });
    const { sessionId } = await alice.mutation(api.chat.messages.send, turn("Hi", "f"));
    await drain(t);
    expect(model.requests).toHaveLength(2);
    expect((await view(sessionId))[0]).toMatchObject({ status: "complete", content: "Hello there!", creditsUsed: 3 });
    expect(await balanceOf(t, alice.userId)).toBe(97);
  });

  test("a connection dropped mid-reply keeps the partial text, errors and refunds", async () => {
    const { t, alice, view } = await setup();
    model.queue({ kind: "stream", pieces: words(30), failAfter: 15 });
    const { sessionId, assistantMessageId } = await alice.mutation(api.chat.messages.send, turn("Hi", "mid"));
    await drain(t);
    const [reply] = await view(sessionId);
    expect(reply.status).toBe("error");
    expect(reply.error).toBe("The connection to the AI model dropped before the reply finished.");
    expect(reply.content).toBe(words(15).join(""));
    expect(await chunksOf(t, assistantMessageId)).toHaveLength(0);
    expect(await balanceOf(t, alice.userId)).toBe(100);
    // Finalizing again (a duplicate call) must not refund twice.
    await t.mutation(internal.chat.streaming.finalizeStreamMessage, { messageId: assistantMessageId, outcome: "error", text: "", error: "x" });
    expect((await ledgerOf(t, alice.userId)).filter((r) => r.kind === "refund")).toHaveLength(1);
  });
});
