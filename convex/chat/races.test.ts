import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import { STUCK_AFTER_MS, sweepStuckReplies } from "../model/chat/streaming";
import { setupTest, signIn } from "../test.setup";
import { FakeModel, words } from "./fakeModel.testing";
import { balanceOf, chunksOf, drain, installFakeModel, ledgerOf, messagesOf, turn, waitFor } from "./helpers.testing";

/*
 * Stop, completion, a model failure and the sweeper racing for the same
 * reply: whatever the interleaving, the reply ends in exactly one terminal
 * state, the first to land wins, and it is refunded at most once — exactly
 * when that state is a failure or a stop before any text.
 */

let model: FakeModel;
installFakeModel((m) => (model = m));

/** A small seeded generator (mulberry32), so a failing interleaving can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20261130;
const ROUNDS = 16;

describe("terminal-state races", () => {
  test(`stop / complete / fail / sweep in random interleavings (seed ${SEED}) end in one state with at most one refund`, { timeout: 120_000 }, async () => {
    const next = random(SEED);
    const seen = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const t = setupTest();
      const alice = await signIn(t, "Alice");
      const holdAfter = Math.floor(next() * 12); // 0: nothing written before the race
      const fails = next() < 0.3;
      model.queue({ kind: "stream", pieces: words(20), holdAfter, ...(fails ? { failAfter: holdAfter + 2 } : {}) });
      const sent = await alice.mutation(api.chat.messages.send, turn("Race", `race-${round}`));
      const messageId = sent.assistantMessageId;
      await waitFor(async () => model.requests.length === round + 1, "the model call");
      if (holdAfter > 0) await waitFor(async () => (await chunksOf(t, messageId)).length > 0, "a first chunk");

      const contenders = {
        stop: () => alice.mutation(api.chat.messages.stop, { messageId }),
        release: async () => model.release(),
        sweep: () => t.run((ctx) => sweepStuckReplies(ctx, Date.now() + 2 * STUCK_AFTER_MS)),
      };
      const order = Object.keys(contenders).sort(() => next() - 0.5) as (keyof typeof contenders)[];
      await Promise.all(
        order.map(async (name, i) => {
          await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 30) + i));
          await contenders[name]();
        }),
      );
      await drain(t);

      const reply = (await messagesOf(t, sent.sessionId)).find((m) => m._id === messageId)!;
      const refunds = (await ledgerOf(t, alice.userId)).filter((r) => r.kind === "refund");
      const balance = await balanceOf(t, alice.userId); // also checks the ledger sums to it
      const context = `round ${round} (${order.join(", ")}, holdAfter ${holdAfter}${fails ? ", fails" : ""}) ended ${reply.status}`;
      expect(["complete", "stopped", "error"], context).toContain(reply.status);
      expect(await chunksOf(t, messageId), context).toHaveLength(0);
      const refunded = reply.status === "error" || (reply.status === "stopped" && reply.content === "");
      expect(refunds, context).toHaveLength(refunded ? 1 : 0);
      expect(balance, context).toBe(refunded ? 100 : 97);
      expect(reply.creditsUsed, context).toBe(refunded ? 0 : 3);
      seen.add(reply.status);
    }
    // The interleavings reached more than one winner.
    expect(seen.size).toBeGreaterThan(1);
  });
});
