import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { setupTest, signIn } from "../test.setup";
import { FakeModel } from "../chat/fakeModel.testing";
import { drain, expectCode, installFakeModel, page, turn } from "../chat/helpers.testing";
import { caller, startGuest, type Caller } from "./helpers.testing";

let model: FakeModel;
installFakeModel((m) => (model = m));

type Ids = { sessionId: Id<"chatSessions">; displayId: string; messageId: Id<"chatMessages"> };

/** Every chat function a guest can call, run by `intruder` with `owner`'s ids: each must answer as if they did not exist. */
async function expectNoAccess(intruder: Caller, { sessionId, displayId, messageId }: Ids) {
  // The same display id names the intruder's own chat, if any: never the owner's.
  expect((await intruder.query(api.chat.sessions.get, { displayId }))?._id).not.toBe(sessionId);
  expect(await intruder.query(api.chat.sessions.get, { sessionId })).toBeNull();
  const listed = await intruder.query(api.chat.sessions.list, { paginationOpts: page });
  expect(listed.page.map((s) => s._id)).not.toContain(sessionId);
  for (const attempt of [
    () => intruder.query(api.chat.messages.list, { sessionId, paginationOpts: page }),
    () => intruder.query(api.chat.messages.history, { sessionId, before: Date.now(), paginationOpts: page }),
    () => intruder.query(api.chat.messages.recent, { sessionId, after: 0 }),
    () => intruder.query(api.chat.messages.text, { messageId }),
    () => intruder.query(api.chat.messages.chatLive, { sessionId }),
    () => intruder.query(api.chat.messages.liveRange, { messageId, from: 0, to: 1 }),
    () => intruder.mutation(api.chat.sessions.rename, { sessionId, title: "mine" }),
    () => intruder.mutation(api.chat.sessions.setIncludeContext, { sessionId, includeContext: false }),
    () => intruder.mutation(api.chat.sessions.setModel, { sessionId, modelId: "offline-fast" }),
    () => intruder.mutation(api.chat.messages.send, turn("hi", `intrude-${sessionId}`, { sessionId })),
    () => intruder.mutation(api.chat.messages.stop, { messageId }),
    () => intruder.mutation(api.chat.messages.retry, { messageId, clientRequestId: `retry-${messageId}` }),
    () => intruder.mutation(api.chat.sessions.remove, { sessionId }),
  ]) {
    await expectCode(attempt(), "NOT_FOUND");
  }
}

/** A chat whose reply failed (so retry would otherwise be allowed). */
async function chatOf(owner: Caller, key: string): Promise<Ids> {
  model.queue({ kind: "status", status: 400 });
  const sent = await owner.mutation(api.chat.messages.send, turn(`secret of ${key}`, key));
  return { sessionId: sent.sessionId, displayId: sent.displayId, messageId: sent.assistantMessageId };
}

describe("guests are isolated like users", () => {
  test("between two guests, and between a guest and a signed-in user, in both directions", async () => {
    const t = setupTest();
    const a = await startGuest(t);
    const b = await startGuest(t);
    const aliceClient = await signIn(t, "Alice");
    const alice = caller(aliceClient);
    const ofA = await chatOf(a, "a");
    const ofB = await chatOf(b, "b");
    const ofAlice = await chatOf(alice, "alice");
    await drain(t);
    // Display ids are per owner, so all three chats are CH-000001: each still sees only its own.
    expect(new Set([ofA.displayId, ofB.displayId, ofAlice.displayId]).size).toBe(1);

    await expectNoAccess(b, ofA);
    await expectNoAccess(a, ofB);
    await expectNoAccess(alice, ofA);
    await expectNoAccess(a, ofAlice);
    // A signed-in caller who also sends a guest's token is still only themselves.
    const aliceWithToken = caller(aliceClient, { guestToken: a.guestToken });
    await expectNoAccess(aliceWithToken, ofA);

    // Nothing of that changed the owners' chats.
    const owners: [Caller, Ids, string][] = [
      [a, ofA, "secret of a"],
      [b, ofB, "secret of b"],
      [alice, ofAlice, "secret of alice"],
    ];
    for (const [owner, ids, text] of owners) {
      const view = await owner.query(api.chat.messages.list, { sessionId: ids.sessionId, paginationOpts: page });
      expect(view.page.map((m) => m.content)).toContain(text);
      expect(view.page).toHaveLength(2);
    }
    await drain(t);
  });
});
