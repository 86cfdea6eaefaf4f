import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { anyApi } from "convex/server";
import type { ConvexClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { removeDataDir, startBackendProcess, tempDataDir, type BackendProcess } from "./testing/backend-process";
import { eventually, signedIn, watch } from "./testing/clients";

/*
 * Stop ends the model call, not only the reply: the reply action runs in
 * Convex's default runtime, whose fetch honours AbortSignal. The provider
 * here is a stub that never looks at aborts: it streams a word every 20 ms
 * for a minute, and notes when its client closed the connection first.
 */

const closedEarly: string[] = [];
let server: Server;
let served = 0;

function startStub(): Promise<string> {
  server = createServer((req, res) => {
    req.resume();
    served += 1;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    // The SSE shape of an OpenAI-compatible chat.completions stream (openai-node's Stream parser).
    const chunk = (content: string) => ({
      id: "chatcmpl-stub",
      object: "chat.completion.chunk",
      created: 0,
      model: "stub",
      choices: [{ index: 0, delta: { content }, finish_reason: null }],
    });
    let n = 0;
    const timer = setInterval(() => {
      if (n++ >= 3000) {
        clearInterval(timer);
        res.end("data: [DONE]\n\n");
        return;
      }
      res.write(`data: ${JSON.stringify(chunk(`word${n} `))}\n\n`);
    }, 20);
    res.on("close", () => {
      clearInterval(timer);
      if (!res.writableEnded) closedEarly.push(req.url ?? "");
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`)),
  );
}

let backend: BackendProcess;
const clients: ConvexClient[] = [];

beforeAll(async () => {
  // An OpenAI-compatible endpoint: the reply action talks to it exactly as to a real provider.
  const baseURL = await startStub();
  backend = await startBackendProcess({
    dataDir: tempDataDir("stop"),
    env: { OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: "stub", OPENAI_MODEL: "stub" },
  });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await backend?.stop();
  if (backend) await removeDataDir(backend.dataDir);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

type MessageView = { _id: string; status: string; content: string };

describe("Stop", () => {
  test("ends the model's stream: the provider sees its connection closed long before it would have finished", async () => {
    const { client } = await signedIn(backend.apiUrl, "Stopper");
    clients.push(client);
    const sent = (await client.mutation(anyApi.chat.messages.send, {
      text: "Write for a minute",
      clientRequestId: "stop-1",
      includeContext: false,
    })) as { sessionId: string; assistantMessageId: string };
    // The reply is streaming and its first words have reached the database.
    const live = watch<{ text?: string } | null>(client, anyApi.chat.messages.chatLive, { sessionId: sent.sessionId });
    await live.until((l) => (l?.text ?? "").startsWith("word1 "));
    live.stop();

    await client.mutation(anyApi.chat.messages.stop, { messageId: sent.assistantMessageId });
    await eventually(() => closedEarly.length === 1, () => `the provider to see its stream closed (saw ${served} requests)`);
    expect(closedEarly).toEqual(["/v1/chat/completions"]);

    const page = (await client.query(anyApi.chat.messages.list, {
      sessionId: sent.sessionId,
      paginationOpts: { numItems: 5, cursor: null },
    })) as { page: MessageView[] };
    const reply = page.page.find((m) => m._id === sent.assistantMessageId)!;
    expect(reply.status).toBe("stopped");
    expect(reply.content).toMatch(/^word1 /);
  });
});
