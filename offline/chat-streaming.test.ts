import { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { describe, expect, test } from "vitest";
import { newTab, watchConversation } from "./testing/chat-view";
import { devToken, eventually, signedIn } from "./testing/clients";
import { countingWebSocket, WireTally } from "./testing/counting-socket";
import { backendForSuite } from "./testing/suite";

/*
 * The chat end to end through the offline backend: a send goes through the
 * real generation action, the openai SDK and the offline model over HTTP,
 * and other clients of the same user, subscribed to the chat as the UI is
 * (testing/chat-view.ts, with the UI's own live-text logic), see the reply
 * grow. Their sockets are counted, so the tests can look at what was sent.
 */

// A quicker pace than the default 15 ms keeps the suite short; still several live updates a second.
const suite = backendForSuite("chat", { env: { HELM_OFFLINE_MODEL_TOKEN_MS: "5" } });

type Sent = { sessionId: string; assistantMessageId: string; userMessageId: string };

async function sender(name: string) {
  const { client } = await signedIn(suite.backend.apiUrl, name);
  suite.clients.push(client);
  return client;
}

/** Another tab of `name`, its WebSocket counted. */
async function tab(name: string) {
  const tally = new WireTally();
  const client = new ConvexClient(suite.backend.apiUrl, { logger: false, webSocketConstructor: countingWebSocket(tally) });
  suite.clients.push(client);
  const token = await devToken(suite.backend.apiUrl, name);
  let answered = false;
  client.setAuth(async () => token, () => (answered = true));
  await eventually(() => answered, () => "the token to be accepted");
  return { client, tally };
}

/** Sends as the UI does: from a tab (its id, see watchConversation), or from a client that names none. */
async function send(client: ConvexClient, text: string, key: string, sessionId?: string, tabId?: string): Promise<Sent> {
  return (await client.mutation(anyApi.chat.messages.send, { sessionId, text, clientRequestId: key, includeContext: false, tab: tabId })) as Sent;
}

type View = ReturnType<typeof watchConversation>;
const reply = (view: View, id: string) => view.messages().find((m) => m._id === id);

/** Every distinct text the view showed for the reply until it completed (sampled every few ms). */
async function follow(view: View, id: string) {
  const seen: string[] = [];
  const done = await eventually(() => {
    const m = reply(view, id);
    if (m && m.content !== seen.at(-1)) seen.push(m.content);
    return m?.status === "complete" && m.content !== "" && m;
  }, () => `the reply to complete; saw ${JSON.stringify(seen.map((s) => s.length))}`);
  return { final: done.content, seen };
}

describe("live text over the offline backend", () => {
  test("a watcher's live text is always a prefix of the final text, and ends equal to it", async () => {
    const writer = await sender("Prefix Watcher");
    const other = await tab("Prefix Watcher");
    const { sessionId } = (await writer.mutation(anyApi.chat.sessions.create, {})) as { sessionId: string };
    const view = watchConversation(other.client, sessionId);
    await eventually(() => view.loaded(), () => "the chat to load");

    const sent = await send(writer, "[tokens:800] Tell me a story", "prefix-1", sessionId);
    const { final, seen } = await follow(view, sent.assistantMessageId);
    view.stop();

    const settled = (await writer.query(anyApi.chat.messages.text, { messageId: sent.assistantMessageId })) as string;
    expect(final).toBe(settled);
    const partials = seen.filter((text) => text !== final);
    // It grew in several steps, each a prefix of the final text.
    expect(partials.filter((text) => text !== "").length).toBeGreaterThanOrEqual(2);
    for (const partial of seen) expect(final.startsWith(partial)).toBe(true);
    expect(seen.map((s) => s.length)).toEqual([...seen.map((s) => s.length)].sort((a, b) => a - b));
    // The reply reached this tab about once: no second copy at the end.
    const copies = other.tally.results.filter((r) => r.json.includes(JSON.stringify(settled).slice(1, -1)));
    expect(copies).toHaveLength(0);
  });

  test("a client that subscribes mid-reply, or reconnects, gets the whole text", async () => {
    const writer = await sender("Late Watcher");
    const first = await tab("Late Watcher");
    const { sessionId } = (await writer.mutation(anyApi.chat.sessions.create, {})) as { sessionId: string };
    const early = watchConversation(first.client, sessionId);
    await eventually(() => early.loaded(), () => "the chat to load");
    const sent = await send(writer, "[tokens:1500] A long one", "late-1", sessionId);
    // Well into the reply…
    await eventually(() => (reply(early, sent.assistantMessageId)?.content.length ?? 0) > 1500, () => "some text");

    // …a new tab opens the chat,
    const late = await tab("Late Watcher");
    const lateView = watchConversation(late.client, sessionId);
    // …and the first tab's connection drops and comes back.
    first.tally.socket?.terminate();
    const lateText = await eventually(() => {
      const text = reply(lateView, sent.assistantMessageId)?.content ?? "";
      return text.length > 1500 && text;
    }, () => "the late tab to catch up");

    const [{ final: earlyFinal, seen }, { final: lateFinal }] = await Promise.all([
      follow(early, sent.assistantMessageId),
      follow(lateView, sent.assistantMessageId),
    ]);
    early.stop();
    lateView.stop();
    const settled = (await writer.query(anyApi.chat.messages.text, { messageId: sent.assistantMessageId })) as string;
    expect(settled.startsWith(lateText)).toBe(true);
    expect(lateFinal).toBe(settled);
    expect(earlyFinal).toBe(settled);
    for (const partial of seen) expect(settled.startsWith(partial)).toBe(true);
  });

  test("no query result sent during a turn carries the text of an earlier, settled message", async () => {
    const writer = await sender("History Watcher");
    const first = await send(writer, "The first question, about rivers", "history-1");
    const { sessionId } = first;
    await eventually(async () => ((await writer.query(anyApi.chat.messages.text, { messageId: first.assistantMessageId })) as string | null) ?? undefined, () => "the first reply");
    const second = await send(writer, "A second question, about lakes", "history-2", sessionId);
    const secondReply = await eventually(async () => ((await writer.query(anyApi.chat.messages.text, { messageId: second.assistantMessageId })) as string | null) ?? undefined, () => "the second reply");
    const firstReply = (await writer.query(anyApi.chat.messages.text, { messageId: first.assistantMessageId })) as string;

    // A tab opens the chat (it receives the earlier text now, once)…
    const other = await tab("History Watcher");
    const me = newTab();
    const view = watchConversation(other.client, sessionId, me);
    await eventually(() => view.messages().length === 4 && view.messages().every((m) => m.content !== ""), () => "the chat's text");
    other.tally.reset(true);

    // …then sends a turn and a second tab-less turn arrives from elsewhere.
    const text = "[tokens:300] A third question, about seas";
    me.sent.set("history-3", text);
    const third = await send(other.client, text, "history-3", sessionId, me.id);
    const { final: thirdReply } = await follow(view, third.assistantMessageId);
    const mark = other.tally.results.length;
    const fourth = await send(writer, "[tokens:200] And oceans?", "history-4", sessionId);
    await follow(view, fourth.assistantMessageId);
    view.stop();

    // The offline model's replies repeat a filler sentence, so earlier messages
    // are recognised by what only they say: the model echoes each question.
    expect(firstReply).toContain("rivers");
    expect(secondReply).toContain("lakes");
    const earlier = ["rivers", "lakes"];
    // (The chat's own record, titled from its first message, is not a message: it is left out.)
    const messageResults = other.tally.results.filter((r) => !r.json.includes('"displayId"'));
    expect(messageResults.length).toBeGreaterThan(0);
    for (const { json } of messageResults) {
      for (const settled of earlier) expect(json.includes(JSON.stringify(settled).slice(1, -1)), `${settled} in ${json.slice(0, 300)}`).toBe(false);
    }
    // Its own message's text was not sent back to the tab that sent it.
    expect(other.tally.results.some((r) => r.json.includes("A third question"))).toBe(false);
    // The third turn's reply, settled before the fourth turn, was not re-sent during it either.
    const inFourth = other.tally.results.slice(mark);
    expect(inFourth.some((r) => r.json.includes(JSON.stringify(thirdReply).slice(1, -1)))).toBe(false);
    // The fourth question, short and sent from elsewhere, came with its row: the one update of the rows in
    // that turn (the reply's end changes no row), and no read of its text.
    const rowUpdates = inFourth.filter((r) => r.json.includes('"role":"user"'));
    expect(rowUpdates).toHaveLength(1);
    expect(rowUpdates[0].json).toContain("And oceans?");
    expect(inFourth.filter((r) => r.json.includes("And oceans?"))).toHaveLength(1);
    expect(view.messages().find((m) => m._id === fourth.userMessageId)?.content).toBe("[tokens:200] And oceans?");
    expect(view.messages().map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user", "assistant", "user", "assistant"]);
  });
});
