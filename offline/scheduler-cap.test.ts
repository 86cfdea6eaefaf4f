import { anyApi } from "convex/server";
import { describe, expect, test } from "vitest";
import { signedIn, watch } from "./testing/clients";
import { backendForSuite } from "./testing/suite";

/*
 * Replies under a small scheduler: every reply holds a scheduled-function
 * slot for its whole stream, so with 8 slots and 20 senders most replies
 * wait in line. Waiting must cost nothing: every reply arrives, none is
 * refunded, and a waiting reply says it is queued.
 */

type MessageView = { _id: string; role: string; status: string; content: string; queued?: boolean };
type Page = { page: MessageView[] };

const SLOTS = 8;
const USERS = 20;
const suite = backendForSuite("scheduler-cap", {
  env: { HELM_SCHEDULER_CONCURRENCY: String(SLOTS), HELM_OFFLINE_MODEL_TOKEN_MS: "5" },
});

describe("replies under a scheduler with 8 slots", () => {
  test("20 users sending at once all get their replies, none refunded for waiting", { timeout: 120_000 }, async () => {
    const users = await Promise.all(
      Array.from({ length: USERS }, (_, i) => signedIn(suite.backend.apiUrl, `Queue User ${i}`)),
    );
    suite.clients.push(...users.map((u) => u.client));

    const replies = await Promise.all(
      users.map(async ({ client }, i) => {
        const sent = (await client.mutation(anyApi.chat.messages.send, {
          text: `[tokens:150] Reply number ${i}`,
          clientRequestId: `queue-${i}`,
          includeContext: false,
        })) as { sessionId: string; assistantMessageId: string };
        const list = watch<Page>(client, anyApi.chat.messages.list, {
          sessionId: sent.sessionId,
          paginationOpts: { numItems: 5, cursor: null },
        });
        const reply = (p: Page) => p.page.find((m) => m._id === sent.assistantMessageId);
        const final = reply(await list.until((p) => reply(p)?.status !== "streaming" && reply(p) !== undefined))!;
        list.stop();
        const balance = (await client.query(anyApi.credits.balance, {})) as { remaining: number };
        return { final, seenQueued: list.values.some((p) => reply(p)?.queued === true), balance: balance.remaining };
      }),
    );

    expect(replies.map((r) => r.final.status)).toEqual(Array(USERS).fill("complete"));
    expect(replies.every((r) => r.final.content.length > 0)).toBe(true);
    expect(replies.map((r) => r.balance)).toEqual(Array(USERS).fill(97));
    // With 20 replies and 8 slots, some replies visibly waited their turn.
    expect(replies.filter((r) => r.seenQueued).length).toBeGreaterThanOrEqual(USERS - SLOTS);
  });
});
