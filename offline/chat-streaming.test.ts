import { anyApi } from "convex/server";
import { describe, expect, test } from "vitest";
import { backendForSuite } from "./testing/suite";
import { signedIn, watch } from "./testing/clients";

/*
 * The chat end to end through the offline backend: a send goes through the
 * real generation action, the openai SDK and the offline model over HTTP, and
 * a second client subscribed to the chat sees the reply grow.
 */

type MessageView = { _id: string; role: string; content: string; status: string; provider?: string; tokens?: { output: number } };
type Page = { page: MessageView[] };
type Block = { text: string; sealed: boolean; streaming: boolean };

// A quicker pace than the default 15 ms keeps the suite short; still ~10 flushes a second.
const suite = backendForSuite("chat", { env: { HELM_OFFLINE_MODEL_TOKEN_MS: "5" } });

async function twoClients(name: string) {
  const sender = await signedIn(suite.backend.apiUrl, name);
  const watcher = await signedIn(suite.backend.apiUrl, name);
  suite.clients.push(sender.client, watcher.client);
  return { sender: sender.client, watcher: watcher.client };
}

describe("chat over the offline backend", () => {
  test("a second subscribed client sees the reply grow, then complete", async () => {
    const { sender, watcher } = await twoClients("Chat Watcher");
    const { sessionId } = (await sender.mutation(anyApi.chat.sessions.create, {})) as { sessionId: string };
    const list = watch<Page>(watcher, anyApi.chat.messages.list, { sessionId, paginationOpts: { numItems: 20, cursor: null } });
    await list.until((p) => p.page.length === 0);

    const sent = (await sender.mutation(anyApi.chat.messages.send, {
      sessionId,
      text: "[tokens:400] Tell me a story",
      clientRequestId: "offline-chat-1",
      includeContext: false,
    })) as { assistantMessageId: string };
    // The list carries no live text; the watcher reads it from the first block.
    const block = watch<{ text: string; streaming: boolean }>(watcher, anyApi.chat.messages.streamBlock, {
      messageId: sent.assistantMessageId,
      block: 0,
    });
    const reply = (p: Page) => p.page.find((m) => m._id === sent.assistantMessageId);
    const done = reply(await list.until((p) => reply(p)?.status === "complete"))!;
    await block.until((b) => !b.streaming);
    list.stop();
    block.stop();

    expect(done.provider).toBe("offline");
    expect(done.tokens?.output).toBe(400);
    expect(list.values.map(reply).every((m) => m?.status !== "streaming" || m.content === "")).toBe(true);
    const partials = [...new Set(block.values.filter((b) => b.streaming && b.text !== "").map((b) => b.text))];
    // Several distinct, growing prefixes of the final text reached the watcher.
    expect(partials.length).toBeGreaterThanOrEqual(3);
    for (const partial of partials) expect(done.content.startsWith(partial)).toBe(true);
    expect(partials.map((p) => p.length)).toEqual([...partials.map((p) => p.length)].sort((a, b) => a - b));
  });

  test("the block-wise live text fills and seals blocks as the reply streams", async () => {
    const { sender, watcher } = await twoClients("Block Watcher");
    const sent = (await sender.mutation(anyApi.chat.messages.send, {
      text: "[tokens:600] Another story",
      clientRequestId: "offline-chat-2",
      includeContext: false,
    })) as { sessionId: string; assistantMessageId: string };
    const block = watch<Block>(watcher, anyApi.chat.messages.streamBlock, { messageId: sent.assistantMessageId, block: 0 });
    const sealed = await block.until((b) => b.sealed);
    await block.until((b) => !b.streaming);
    block.stop();
    const final = (await watcher.query(anyApi.chat.messages.list, {
      sessionId: sent.sessionId,
      paginationOpts: { numItems: 5, cursor: null },
    })) as Page;
    const reply = final.page.find((m) => m._id === sent.assistantMessageId)!;
    expect(reply.status).toBe("complete");
    expect(reply.content.startsWith(sealed.text)).toBe(true);
    expect(block.values.filter((b) => b.streaming && b.text !== "").length).toBeGreaterThanOrEqual(2);
  });
});
