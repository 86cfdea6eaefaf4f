/**
 * Streaming on the wire (`npm run bench`, or `node --import tsx bench/streaming-wire.ts`).
 *
 * Replies stream through the whole system (send → generation action → the
 * openai SDK → the offline model over HTTP → chunk mutations → finalize) on
 * the offline backend in its own process, while a second `ConvexClient` of
 * the same user, subscribed to the chat exactly as the UI is
 * (offline/testing/chat-view.ts), counts every frame its WebSocket
 * receives, and the query-result bytes inside them. The watched reply is a
 * chat's second turn: the UI makes a chat with its first message, so that is
 * the first a second tab can have open from the start. For 200, 2,000 and 8,000
 * tokens at 1 and 15 ms a token; plus one turn in a chat of 40 messages with
 * 400-token replies, counted on the tab that sends it (and on a second tab).
 * Also counts the mutations each reply ran (from the backend's call log).
 * Writes bench/results/streaming-wire.json.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { removeDataDir, ROOT, startBackendProcess, tempDataDir, type BackendProcess } from "../offline/testing/backend-process";
import { devToken, signedIn } from "../offline/testing/clients";
import { countingWebSocket, WireTally } from "../offline/testing/counting-socket";
import { newTab, watchConversation, type WatchedMessage } from "../offline/testing/chat-view";
import { seedLongChat } from "./long-chat-seed";

const REPLY_TOKENS = [200, 2000, 8000];
const TOKEN_MS = [1, 15];
const LONG_CHAT_TURNS = 20;
const LONG_CHAT_REPLY_TOKENS = 400;
/** Quiet time after the reply completes, so trailing frames are counted too. */
const SETTLE_MS = 500;
const WAIT_LIMIT_MS = 600_000;
const RESULT_FILE = join(ROOT, "bench", "results", "streaming-wire.json");
/** `--convex-dir DIR` runs another copy of the functions (used to measure an older version). */
const convexDirArg = process.argv.indexOf("--convex-dir");
const CONVEX_DIR = convexDirArg > 0 ? process.argv[convexDirArg + 1] : undefined;
const start = (dataDir: string, tokenMs: number) =>
  startBackendProcess({ dataDir, quiet: false, convexDir: CONVEX_DIR, env: { HELM_OFFLINE_MODEL_TOKEN_MS: String(tokenMs) } });

const bytes = (text: string) => Buffer.byteLength(text, "utf8");
const round = (n: number) => Math.round(n * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(check: () => T | undefined | false, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await sleep(5);
  }
}

/** A signed-in client of `name` whose socket is counted. */
async function countedClient(apiUrl: string, name: string) {
  const tally = new WireTally();
  const client = new ConvexClient(apiUrl, { logger: false, webSocketConstructor: countingWebSocket(tally) });
  const token = await devToken(apiUrl, name);
  let answered: boolean | undefined;
  client.setAuth(async () => token, (ok) => (answered = ok));
  await until(() => answered !== undefined, "the server to accept the token");
  return { client, tally };
}

/** Mutations the backend ran since `mark` (its call log, one line per call). */
function mutationsSince(backend: BackendProcess, mark: number) {
  return (backend.output().slice(mark).match(/mutation\s+chat\/\S+/g) ?? []).length;
}

type Watch = ReturnType<typeof watchConversation>;

/** Waits for the reply to complete in the watcher's view; records every live text seen. */
async function followReply(watch: Watch, replyId: string) {
  const seen: string[] = [];
  let last: WatchedMessage | undefined;
  await until(() => {
    last = watch.messages().find((m) => m._id === replyId);
    if (last && last.status === "streaming" && last.content !== seen.at(-1)) seen.push(last.content);
    return last?.status === "complete" && last;
  }, "the reply to complete");
  const final = last!.content;
  return { final, prefixes: seen.every((text) => final.startsWith(text)) };
}

type Tally = Pick<WireTally, "bytesIn" | "resultBytes" | "transitions" | "framesIn" | "bytesOut" | "framesOut">;
const snapshot = (t: WireTally): Tally => ({ ...t });

async function replies(tokenMs: number) {
  const dataDir = tempDataDir("bench-wire");
  const backend = await start(dataDir, tokenMs);
  const rows = [];
  try {
    const name = `Wire ${tokenMs}`;
    const sender = await signedIn(backend.apiUrl, name);
    const watcher = await countedClient(backend.apiUrl, name);
    const senderTab = crypto.randomUUID();
    for (const tokens of REPLY_TOKENS) {
      // The chat, made as the UI makes one: by its first message.
      const opening = (await sender.client.mutation(anyApi.chat.messages.send, {
        text: "[tokens:20] Hello",
        clientRequestId: `wire-open-${tokenMs}-${tokens}`,
        includeContext: false,
        tab: senderTab,
      })) as { sessionId: string };
      const { sessionId } = opening;
      const watch = watchConversation(watcher.client, sessionId);
      await until(() => watch.messages().length === 2 && watch.messages().every((m) => m.status === "complete" && m.content !== ""), "the chat to open");
      await sleep(SETTLE_MS);
      watcher.tally.reset();
      const mark = backend.output().length;
      const sent = (await sender.client.mutation(anyApi.chat.messages.send, {
        sessionId,
        text: `[tokens:${tokens}] Tell me about streaming`,
        clientRequestId: `wire-${tokenMs}-${tokens}`,
        includeContext: false,
        tab: senderTab,
      })) as { assistantMessageId: string };
      const { final, prefixes } = await followReply(watch, sent.assistantMessageId);
      await sleep(SETTLE_MS);
      const t = snapshot(watcher.tally);
      watch.stop();
      const finalBytes = bytes(final);
      rows.push({
        tokens,
        tokenMs,
        finalBytes,
        resultBytes: t.resultBytes,
        wireBytes: t.bytesIn,
        resultRatio: round(t.resultBytes / finalBytes),
        wireRatio: round(t.bytesIn / finalBytes),
        updates: t.transitions,
        frames: t.framesIn,
        sentBytes: t.bytesOut,
        sentFrames: t.framesOut,
        mutations: mutationsSince(backend, mark),
        liveTextWasPrefix: prefixes,
      });
    }
    await Promise.all([sender.client.close(), watcher.client.close()]);
  } finally {
    await backend.stop();
    await removeDataDir(dataDir);
  }
  return rows;
}

async function longChat() {
  const dataDir = tempDataDir("bench-wire-long");
  const name = "Wire long chat";
  // Seeded at full speed, then measured at the default pace on the same data.
  let backend = await start(dataDir, 0);
  let sessionId: string;
  try {
    ({ sessionId } = await seedLongChat(backend.apiUrl, name, LONG_CHAT_TURNS, LONG_CHAT_REPLY_TOKENS));
    console.log(`Seeded a chat of ${2 * LONG_CHAT_TURNS} messages`);
  } finally {
    await backend.stop();
  }
  backend = await start(dataDir, 15);
  try {
    const tab = await countedClient(backend.apiUrl, name);
    const otherTab = await countedClient(backend.apiUrl, name);
    const me = newTab();
    const watch = watchConversation(tab.client, sessionId, me);
    const otherWatch = watchConversation(otherTab.client, sessionId);
    await until(() => watch.loaded() && otherWatch.loaded(), "the chat to load");
    // The first page (30 messages, as the UI loads it) with all its text.
    const shown = (w: Watch) => w.messages().length >= 30 && w.messages().every((m) => m.content !== "");
    await until(() => shown(watch) && shown(otherWatch), "the chat's text");
    const openBytes = tab.tally.bytesIn;
    await sleep(SETTLE_MS);
    tab.tally.reset(true);
    otherTab.tally.reset(true);
    const mark = backend.output().length;
    const text = `[tokens:${LONG_CHAT_REPLY_TOKENS}] One more question about streaming`;
    // The sending tab has its own text (as the UI keeps it by send key).
    me.sent.set("long-chat-turn", text);
    const sent = (await tab.client.mutation(anyApi.chat.messages.send, {
      sessionId,
      text,
      clientRequestId: "long-chat-turn",
      includeContext: false,
      tab: me.id,
    })) as { assistantMessageId: string };
    const { final } = await followReply(watch, sent.assistantMessageId);
    await followReply(otherWatch, sent.assistantMessageId);
    await sleep(SETTLE_MS);
    const turnTextBytes = bytes(text) + bytes(final);
    // Text of earlier, settled messages must not travel during the turn.
    const earlier = watch.messages().filter((m) => m._id !== sent.assistantMessageId && m.content !== text);
    const resent = (t: WireTally) => t.results.filter((r) => earlier.some((m) => r.json.includes(JSON.stringify(m.content).slice(1, -1)))).length;
    const result = {
      messages: 2 * LONG_CHAT_TURNS,
      replyTokens: LONG_CHAT_REPLY_TOKENS,
      wireBytesPerTurn: tab.tally.bytesIn,
      turnTextBytes,
      wireRatio: round(tab.tally.bytesIn / turnTextBytes),
      resultBytesPerTurn: tab.tally.resultBytes,
      updates: tab.tally.transitions,
      sentBytes: tab.tally.bytesOut,
      resultsCarryingEarlierText: resent(tab.tally),
      secondTab: {
        wireBytesPerTurn: otherTab.tally.bytesIn,
        wireRatio: round(otherTab.tally.bytesIn / turnTextBytes),
        resultsCarryingEarlierText: resent(otherTab.tally),
      },
      openWireBytes: openBytes,
      mutations: mutationsSince(backend, mark),
    };
    watch.stop();
    otherWatch.stop();
    await Promise.all([tab.client.close(), otherTab.client.close()]);
    return result;
  } finally {
    await backend.stop();
    await removeDataDir(dataDir);
  }
}

export async function run(): Promise<void> {
  const loadBefore = loadavg()[0];
  const rows = [];
  const longOnly = process.argv.includes("--long-chat-only");
  for (const tokenMs of longOnly ? [] : TOKEN_MS) rows.push(...(await replies(tokenMs)));
  console.log("\nStreaming on the wire: a second tab watching one reply");
  console.table(rows);
  const long = await longChat();
  console.log("One turn in a 40-message chat");
  console.table([long]);
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(await readFile(RESULT_FILE, "utf8")) as Record<string, unknown>;
  } catch {
    // first run
  }
  await mkdir(join(ROOT, "bench", "results"), { recursive: true });
  const result = {
    benchmark: "streaming-wire",
    description:
      "Offline backend in its own process; a second ConvexClient of the same user, subscribed to the chat as the UI is, counts " +
      "the frames its WebSocket receives (wireBytes) and the JSON of the query results inside them (resultBytes), from the send " +
      "until the reply is complete. The reply is the chat's second turn (a chat is made by its first message). Ratios are to the final reply's UTF-8 bytes. longChat: one turn in a 40-message chat, on " +
      "the tab that sends it; ratio to the user's text plus the reply. mutations: the chat mutations the backend ran for the reply.",
    generatedAt: new Date().toISOString(),
    loadAverage1m: { before: round(loadBefore), after: round(loadavg()[0]) },
    replies: rows,
    longChat: long,
    ...(previous.before ? { before: previous.before } : {}),
  };
  await writeFile(longOnly ? `${RESULT_FILE}.long` : RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Wrote ${RESULT_FILE}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
  process.exit(0);
}
