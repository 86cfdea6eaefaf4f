/**
 * Chat streaming benchmark (`npm run bench`, or `node --import tsx bench/chat.ts`).
 *
 * Streams replies of 200, 2,000 and 8,000 tokens through the real functions
 * (send → generation action → openai SDK → offline model over HTTP →
 * chunk mutations → finalize) on convex-test, and reports for each:
 * text bytes written ÷ final reply bytes (and all document bytes), the
 * number of flush mutations, and the bytes a client watching
 * `chat.messages.list` would receive ÷ final bytes. A naive
 * rewrite-the-growing-message approach runs on the same token stream beside
 * it. It also counts documents read by the sidebar and latest-messages
 * queries for a user with 10 vs 10,000 sessions / messages.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { convexTest } from "convex-test";
import { api } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";
import { listMessages, messageView } from "../convex/model/chat/messages";
import { FLUSH_TOKENS } from "../convex/model/chat/streamBuffer";
import schema from "../convex/schema";
import { createModelHandler } from "../offline/model";
import {
  afterHooks,
  emptyTally,
  instrumentDb,
  loadConvexModules,
  sumTallies,
  tallies,
  tallyFor,
  type Tally,
} from "./chat-instrument";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const REPLY_TOKENS = [200, 2000, 8000];
const SCALES = [10, 10_000];
const PAGE = { numItems: 20, cursor: null };
/** Page size for the read-scaling figures: smaller than the small user's data, so both pages are full. */
const READ_PAGE = { numItems: 10, cursor: null };
/** Fast, but slow enough that flushes follow the 10-token rule rather than database latency. */
const TOKEN_DELAY_MS = 1;
const MODEL_ENV = ["AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_KEY", "AZURE_OPENAI_DEPLOYMENT", "OPENAI_BASE_URL", "HELM_OFFLINE_MODEL_URL"];

type Watch = { updates: number; bytes: number; ratio: number };
type Writes = { flushes: number; textBytesWritten: number; textWriteRatio: number; docBytesWritten: number; docWriteRatio: number };

const round = (n: number) => Math.round(n * 100) / 100;

function writes(tally: Tally, flushes: number, finalBytes: number): Writes {
  return {
    flushes,
    textBytesWritten: tally.textBytesWritten,
    textWriteRatio: round(tally.textBytesWritten / finalBytes),
    docBytesWritten: tally.docBytesWritten,
    docWriteRatio: round(tally.docBytesWritten / finalBytes),
  };
}

/**
 * A subscribed client: Convex re-sends a query's whole result whenever it
 * changes, so each changed result counts in full; unchanged ones are free.
 */
class Watcher {
  private last = new Map<string, string>();
  updates = 0;
  bytes = 0;

  observe(key: string, value: unknown, count = true) {
    const json = JSON.stringify(value);
    if (this.last.get(key) === json) return;
    this.last.set(key, json);
    if (!count) return;
    this.updates += 1;
    this.bytes += Buffer.byteLength(json, "utf8");
  }

  figures(finalBytes: number): Watch {
    return { updates: this.updates, bytes: this.bytes, ratio: round(this.bytes / finalBytes) };
  }
}

type QueryCtxLike = Parameters<typeof listMessages>[0];

/**
 * The result chat.messages.list gives for the latest page. Built with take()
 * because a function may paginate only once and the hooks read it several
 * times per write; the cursor is a fixed stand-in of a real one's size.
 */
async function latestPage(ctx: QueryCtxLike, sessionId: Id<"chatSessions">) {
  const docs = await ctx.db
    .query("chatMessages")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
    .order("desc")
    .take(PAGE.numItems);
  const page = docs.map(messageView);
  return { page, isDone: docs.length < PAGE.numItems, continueCursor: "c".repeat(48) };
}
type T = ReturnType<typeof convexTest>;

/**
 * What subscribers receive during a reply, evaluated inside each streaming
 * mutation's transaction. Like Convex, only queries whose read set a write
 * touched re-run: an append touches the list (inline mode, which joins the
 * chunks) and the last stream block; start and finalize change the message
 * and so every query.
 */
class ReplyWatch {
  readonly inline = new Watcher();
  /** The accepted chunk texts, in order: the naive run replays them. */
  readonly chunks: string[] = [];

  constructor(
    readonly sessionId: Id<"chatSessions">,
    readonly messageId: Id<"chatMessages">,
  ) {}

  async observe(ctx: QueryCtxLike, event: "start" | "append" | "finalize" | "baseline", appended?: string) {
    const count = event !== "baseline";
    const message = (await ctx.db.get("chatMessages", this.messageId))!;
    if (event === "append" && appended !== undefined && message.status === "streaming") this.chunks.push(appended);
    const withoutLiveText = await latestPage(ctx, this.sessionId);
    // Inline = the same page with the text so far (what a list that joined
    // every chunk on every flush would send; Helm's list no longer does).
    const liveText = message.status === "streaming" ? this.chunks.join("") : null;
    const inline =
      liveText === null
        ? withoutLiveText
        : { ...withoutLiveText, page: withoutLiveText.page.map((m) => (m._id === this.messageId ? { ...m, content: liveText } : m)) };
    this.inline.observe("list", inline, count);
  }
}

const HOOK_EVENTS: Record<string, "start" | "append" | "finalize"> = {
  "chat/streaming:startStreamingMessage": "start",
  "chat/streaming:appendStreamChunk": "append",
  "chat/streaming:finalizeStreamMessage": "finalize",
};

async function realReply(t: T, tokens: number) {
  const user = t.withIdentity({ subject: `bench-${tokens}`, name: "Bench", tokenIdentifier: `bench|${tokens}` });
  await user.mutation(api.users.store, {});
  let watch: ReplyWatch | null = null;
  afterHooks.length = 0;
  afterHooks.push(async (name, ctx, args) => {
    const event = HOOK_EVENTS[name];
    if (!event || !watch) return;
    await watch.observe(ctx as never, event, (args as { text?: string }).text);
  });
  tallies.clear();
  const sent = await user.mutation(api.chat.messages.send, {
    text: `[tokens:${tokens}] Write a long answer.`,
    clientRequestId: `bench-${tokens}`,
    includeContext: false,
  });
  const w = new ReplyWatch(sent.sessionId, sent.assistantMessageId);
  await t.run((ctx) => w.observe(ctx, "baseline")); // what the client holds when the reply starts
  watch = w;
  await t.finishAllScheduledFunctions(() => {}, 1000);
  afterHooks.length = 0;
  const reply = await t.run((ctx) => ctx.db.get("chatMessages", sent.assistantMessageId));
  if (reply?.status !== "complete") throw new Error(`reply ended ${reply?.status}: ${reply?.error}`);
  const finalBytes = Buffer.byteLength(reply.content, "utf8");
  const tally = sumTallies((name) => name in HOOK_EVENTS);
  return {
    finalBytes,
    outputTokens: reply.tokens?.output ?? 0,
    writes: writes(tally, w.chunks.length, finalBytes),
    watchInline: w.inline.figures(finalBytes),
    replay: { userId: reply.userId, chunks: w.chunks, finalText: reply.content },
  };
}

/**
 * The same flushes written the naive way, in a chat of its own: each one
 * rewrites the message with all the text so far, and the subscriber reads it
 * from the message.
 */
async function naiveReply(t: T, replay: { userId: Id<"users">; chunks: string[]; finalText: string }, finalBytes: number) {
  const { userId, chunks, finalText } = replay;
  const { sessionId, messageId } = await t.run(async (ctx) => {
    const now = Date.now();
    const sessionId = await ctx.db.insert("chatSessions", { userId, displayId: "CH-999999", title: "naive", createdAt: now, updatedAt: now, messageCount: 2 });
    const base = { sessionId, userId, creditsUsed: 0, createdAt: now, updatedAt: now };
    await ctx.db.insert("chatMessages", { ...base, role: "user", content: "Write a long answer.", status: "complete" });
    const messageId = await ctx.db.insert("chatMessages", { ...base, role: "assistant", content: "", status: "streaming" });
    return { sessionId, messageId };
  });
  const tally = emptyTally();
  const watcher = new Watcher();
  const view = async (ctx: QueryCtxLike, count: boolean) => {
    const result = await latestPage(ctx, sessionId);
    const own = (await ctx.db.get("chatMessages", messageId))!;
    watcher.observe("list", { ...result, page: result.page.map((m) => (m._id === messageId ? { ...m, content: own.content } : m)) }, count);
  };
  await t.run((ctx) => view(ctx, false));
  const write = async (patch: (content: string) => Record<string, unknown>) => {
    await t.run(async (ctx) => {
      const db = instrumentDb(ctx.db as never, tally) as unknown as typeof ctx.db;
      const message = (await db.get("chatMessages", messageId))!;
      await db.patch("chatMessages", messageId, patch(message.content));
      await view(ctx, true);
    });
  };
  for (const delta of chunks) await write((content) => ({ content: content + delta }));
  await write(() => ({ content: finalText, status: "complete", tokens: { input: 0, output: 0 } }));
  return { writes: writes(tally, chunks.length, finalBytes), watch: watcher.figures(finalBytes) };
}

async function readScaling(modules: Record<string, () => Promise<Record<string, unknown>>>) {
  const out: Record<string, Record<string, number>> = { sidebarDocsRead: {}, latestMessagesDocsRead: {} };
  for (const n of SCALES) {
    const t = convexTest(schema, modules);
    const user = t.withIdentity({ subject: "reader", name: "Reader", tokenIdentifier: "bench|reader" });
    const userId = await user.mutation(api.users.store, {});
    const { sessionId } = await user.mutation(api.chat.sessions.create, { title: "big" });
    for (let start = 0; start < n; start += 1000) {
      await t.run(async (ctx) => {
        for (let i = start; i < Math.min(n, start + 1000); i++) {
          await ctx.db.insert("chatSessions", { userId, displayId: `CH-9${String(i).padStart(5, "0")}`, title: `s${i}`, createdAt: i, updatedAt: i, messageCount: 0 });
          await ctx.db.insert("chatMessages", { sessionId, userId, role: i % 2 ? "assistant" : "user", content: `message ${i}`, creditsUsed: 0, status: "complete", createdAt: i, updatedAt: i });
        }
      });
    }
    tallies.clear();
    await user.query(api.chat.sessions.list, { paginationOpts: READ_PAGE });
    await user.query(api.chat.messages.list, { sessionId, paginationOpts: READ_PAGE });
    out.sidebarDocsRead[String(n)] = tallyFor("chat/sessions:list").docsRead;
    out.latestMessagesDocsRead[String(n)] = tallyFor("chat/messages:list").docsRead;
  }
  return out;
}

export async function run(): Promise<void> {
  const savedEnv = Object.fromEntries(MODEL_ENV.map((k) => [k, process.env[k]]));
  for (const key of MODEL_ENV) delete process.env[key];
  const handle = createModelHandler({ tokenDelayMs: TOKEN_DELAY_MS });
  const server = createServer((req, res) => void handle(req, res, (req.url ?? "/").replace(/^\/_helm\/model/, "")));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.HELM_OFFLINE_MODEL_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_helm/model/v1`;
  try {
    const modules = await loadConvexModules(join(root, "convex"));
    const replies = [];
    for (const tokens of REPLY_TOKENS) {
      const t = convexTest(schema, modules);
      const { replay, ...real } = await realReply(t, tokens);
      const naive = await naiveReply(t, replay, real.finalBytes);
      replies.push({ tokens, ...real, naive });
    }
    const reads = await readScaling(modules);
    const result = {
      generatedAt: new Date().toISOString(),
      setup: [
        `convex-test in-process; offline model over HTTP at ${TOKEN_DELAY_MS} ms per token; flush every ${FLUSH_TOKENS} tokens or 50 ms, one write in flight.`,
        "Text bytes: content/text fields of every document inserted or replaced during the reply (start, chunks, finalize); doc bytes: whole documents as JSON.",
        "Watched bytes: a subscriber re-receives a query's full JSON result whenever it changes. inline = the latest 20 messages with the text so far (a list that joins every chunk, as chat.messages.list once could);",
        "naive = the list reading the rewritten message. What Helm's chat view receives is measured on the wire by bench/streaming-wire.ts.",
      ].join(" "),
      replies,
      reads,
    };
    await mkdir(join(root, "bench/results"), { recursive: true });
    await writeFile(join(root, "bench/results/chat.json"), `${JSON.stringify(result, null, 2)}\n`);
    printTable(result);
  } finally {
    afterHooks.length = 0;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

type Row = { tokens: number; finalBytes: number; writes: Writes; watchInline: Watch; naive: { writes: Writes; watch: Watch } };

function printTable(result: { replies: Row[]; reads: Record<string, Record<string, number>> }) {
  console.log("\nChat streaming per reply (ratios are ÷ final reply bytes)");
  const row = (r: Row, approach: string, w: Writes, watch: Watch) => ({
    tokens: r.tokens,
    approach,
    finalBytes: r.finalBytes,
    flushes: w.flushes,
    "text written": w.textWriteRatio,
    "doc bytes": w.docWriteRatio,
    "watched": watch.ratio,
  });
  console.table(
    result.replies.flatMap((r) => [
      row(r, "chunk rows, list inline", r.writes, r.watchInline),
      row(r, "naive rewrite", r.naive.writes, r.naive.watch),
    ]),
  );
  console.log(`Documents read per query (first page of ${READ_PAGE.numItems}; +1 user, +1 session for messages) by sessions/messages owned`);
  console.table(result.reads);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
