/**
 * Seeds one user's chat of `turns` question-and-answer pairs through the real
 * API (send, then wait for the reply), for the benchmarks that need a long
 * chat. Run it against a backend whose offline model is at full speed
 * (HELM_OFFLINE_MODEL_TOKEN_MS=0). A helper: it measures nothing itself.
 */
import { anyApi } from "convex/server";
import { signedIn } from "../offline/testing/clients";

type Row = { _id: string; status: string };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function seedLongChat(apiUrl: string, name: string, turns: number, replyTokens: number) {
  const sender = await signedIn(apiUrl, name);
  const created = (await sender.client.mutation(anyApi.chat.sessions.create, {})) as { sessionId: string; displayId: string };
  for (let turn = 0; turn < turns; turn++) {
    const sent = (await sender.client.mutation(anyApi.chat.messages.send, {
      sessionId: created.sessionId,
      text: `[tokens:${replyTokens}] Question ${turn + 1}: tell me about streaming`,
      clientRequestId: `seed-${turn}`,
      includeContext: false,
    })) as { assistantMessageId: string };
    for (let i = 0; ; i++) {
      const page = (await sender.http.query(anyApi.chat.messages.list, {
        sessionId: created.sessionId,
        paginationOpts: { numItems: 2, cursor: null },
      })) as { page: Row[] };
      if (page.page.find((m) => m._id === sent.assistantMessageId)?.status === "complete") break;
      if (i > 6000) throw new Error("a seeded reply did not complete");
      await sleep(20);
    }
  }
  await sender.client.close();
  return created;
}
