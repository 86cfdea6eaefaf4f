import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import { perClockHour, remainingOf } from "../model/rateLimits";
import { setupTest, signIn } from "../test.setup";
import { FakeModel } from "../chat/fakeModel.testing";
import { drain, errorCode, expectCode, installFakeModel, messagesOf, page, turn, waitFor } from "../chat/helpers.testing";
import { guestCaller, newGuestToken, startGuest } from "./helpers.testing";

let model: FakeModel;
installFakeModel((m) => (model = m));
afterEach(() => {
  vi.useRealTimers();
});

/** Only Date is faked: the reply action's own timers stay real. */
function setClock(iso: string) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(iso));
}

describe("a guest chats", () => {
  test("a guest's reply streams and completes with the standard model, touching no credits", async () => {
    const t = setupTest();
    const guest = await startGuest(t);
    const sent = await guest.mutation(api.chat.messages.send, turn("Hello from a visitor", "g-1"));
    await drain(t);
    const view = await guest.query(api.chat.messages.list, { sessionId: sent.sessionId, paginationOpts: page });
    expect(view.page.map((m) => [m.role, m.status, m.content, m.creditsUsed])).toEqual([
      ["assistant", "complete", "Hello there!", 0],
      ["user", "complete", "Hello from a visitor", 0],
    ]);
    expect(view.page[0].modelId).toBe("offline-fast");
    expect(await t.run((ctx) => ctx.db.query("creditLedger").collect())).toHaveLength(0);
    expect(await t.run((ctx) => ctx.db.query("userUsage").collect())).toHaveLength(0);
    // A retried send (same key) returns the first send's ids and takes no second message.
    expect(await guest.mutation(api.chat.messages.send, turn("Hello from a visitor", "g-1"))).toEqual(sent);
    expect((await guest.query(api.chat.allowance.today, {})).daily).toMatchObject({ limit: 5, used: 1, remaining: 4 });
  });

  test("guests see and use standard models only, and no projects context", async () => {
    const t = setupTest();
    const guest = await startGuest(t);
    const list = await guest.query(api.chat.models.list, {});
    expect(list.models.map((m) => m.id)).toEqual(["offline-fast"]);
    expect(list.defaultId).toBe("offline-fast");
    await expectCode(guest.mutation(api.chat.messages.send, turn("think", "p-1", { modelId: "offline-reasoning" })), "SIGN_IN_REQUIRED");
    await expectCode(guest.mutation(api.chat.messages.send, turn("my tasks", "c-1", { includeContext: true })), "SIGN_IN_REQUIRED");
    await expectCode(guest.mutation(api.chat.models.setDefault, { modelId: "offline-reasoning" }), "SIGN_IN_REQUIRED");
    const { sessionId } = await guest.mutation(api.chat.sessions.create, {});
    await expectCode(guest.mutation(api.chat.sessions.setModel, { sessionId, modelId: "offline-reasoning" }), "SIGN_IN_REQUIRED");
    await expectCode(guest.mutation(api.chat.sessions.setIncludeContext, { sessionId, includeContext: true }), "SIGN_IN_REQUIRED");
    // Refused turns took none of the day's messages.
    expect((await guest.query(api.chat.allowance.today, {})).daily?.used).toBe(0);
    // Signed-in-only functions stay closed to guests.
    await expectCode(t.query(api.credits.balance, {}), "UNAUTHENTICATED");
    await expectCode(t.mutation(api.projects.projects.create, { name: "Mine", description: "" } as never), "UNAUTHENTICATED");
  });
});

describe("the daily cap", () => {
  test("5 messages a UTC day; the 6th is refused with nothing written; the count starts again at midnight UTC", async () => {
    setClock("2025-03-10T22:00:00Z");
    const t = setupTest();
    const guest = await startGuest(t);
    const { sessionId } = await guest.mutation(api.chat.sessions.create, {});
    for (let i = 1; i <= 5; i++) await guest.mutation(api.chat.messages.send, turn(`m${i}`, `k${i}`, { sessionId }));
    await drain(t);
    let refusal: unknown;
    await guest.mutation(api.chat.messages.send, turn("one more", "k6", { sessionId })).catch((e: unknown) => (refusal = e));
    expect(errorCode(refusal)).toBe("DAILY_LIMIT");
    const midnight = Date.parse("2025-03-11T00:00:00Z");
    expect((refusal as { data: object }).data).toMatchObject({ limit: 5, used: 5, resetsAt: midnight });
    expect(await messagesOf(t, sessionId)).toHaveLength(10);
    expect((await guest.query(api.chat.allowance.today, {})).daily).toEqual({ limit: 5, used: 5, remaining: 0, resetsAt: midnight });

    vi.setSystemTime(new Date("2025-03-11T00:00:01Z"));
    expect((await guest.query(api.chat.allowance.today, {})).daily).toMatchObject({ used: 0, remaining: 5 });
    await guest.mutation(api.chat.messages.send, turn("a new day", "k7", { sessionId }));
    await drain(t);
    expect(await messagesOf(t, sessionId)).toHaveLength(12);
  });

  test("a reply that fails gives its message back, once and only that day; one stopped with text keeps it", async () => {
    setClock("2025-03-10T12:00:00Z");
    const t = setupTest();
    const guest = await startGuest(t);
    const { sessionId } = await guest.mutation(api.chat.sessions.create, {});
    const used = async () => (await guest.query(api.chat.allowance.today, {})).daily?.used;

    model.queue({ kind: "status", status: 400 });
    const failed = await guest.mutation(api.chat.messages.send, turn("fails", "f1", { sessionId }));
    expect(await used()).toBe(1);
    await drain(t);
    expect(await used()).toBe(0);
    // Retrying takes it again; failing again gives it back again.
    model.queue({ kind: "status", status: 400 });
    await guest.mutation(api.chat.messages.retry, { messageId: failed.assistantMessageId, clientRequestId: "f1-again" });
    expect(await used()).toBe(1);
    await drain(t);
    expect(await used()).toBe(0);

    await guest.mutation(api.chat.messages.send, turn("answered", "ok1", { sessionId }));
    await drain(t);
    expect(await used()).toBe(1);

    // Stopped after some text: it was answered, so the message stays taken. (Date is frozen: the
    // first flush comes at 10 pieces.)
    model.queue({ kind: "stream", pieces: Array.from({ length: 14 }, (_, i) => `w${i} `), holdAfter: 12 });
    const stopped = await guest.mutation(api.chat.messages.send, turn("stop me", "s1", { sessionId }));
    await waitFor(async () => (await t.run((ctx) => ctx.db.query("streamChunks").collect())).length > 0, "the first text");
    await guest.mutation(api.chat.messages.stop, { messageId: stopped.assistantMessageId });
    model.release();
    await drain(t);
    expect(await used()).toBe(2);

    // A reply sent before midnight that fails after it gives nothing back: the new day is full already.
    model.queue({ kind: "status", status: 400 });
    await guest.mutation(api.chat.messages.send, turn("late", "late", { sessionId }));
    vi.setSystemTime(new Date("2025-03-11T00:00:05Z"));
    await drain(t);
    expect(await guest.query(api.chat.allowance.today, {})).toMatchObject({ daily: { used: 0, remaining: 5 } });
  });

  test("20 concurrent sends from one guest: exactly 5 accepted", async () => {
    const t = setupTest();
    const guest = await startGuest(t);
    const { sessionId } = await guest.mutation(api.chat.sessions.create, {});
    model.queue(...Array.from({ length: 20 }, () => ({ kind: "stream" as const, pieces: ["ok"] })));
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => guest.mutation(api.chat.messages.send, turn(`burst ${i}`, `b${i}`, { sessionId }))),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(results.filter((r) => r.status === "rejected").map((r) => errorCode((r as PromiseRejectedResult).reason))).toEqual(
      Array(15).fill("DAILY_LIMIT"),
    );
    await drain(t);
    expect(await messagesOf(t, sessionId)).toHaveLength(10);
  });

  test("HELM_DAILY_CAP_GUEST sets the cap; signed-in plans have none unless configured", async () => {
    vi.stubEnv("HELM_DAILY_CAP_GUEST", "2");
    const t = setupTest();
    const guest = await startGuest(t);
    await guest.mutation(api.chat.messages.send, turn("1", "a"));
    await guest.mutation(api.chat.messages.send, turn("2", "b"));
    await expectCode(guest.mutation(api.chat.messages.send, turn("3", "c")), "DAILY_LIMIT");
    const alice = await signIn(t, "Alice");
    expect(await alice.query(api.chat.allowance.today, {})).toEqual({ daily: null, guestBudget: null });
    for (const key of ["x", "y", "z"]) await alice.mutation(api.chat.messages.send, turn(key, key));
    await drain(t);
  });
});

describe("the deployment-wide guest budget", () => {
  test("once all guests together reach the hourly budget, every guest is asked to sign in; users are not affected", async () => {
    setClock("2025-03-10T10:20:00Z");
    vi.stubEnv("HELM_GUEST_BUDGET_HOURLY", "3");
    const t = setupTest();
    const [a, b] = [await startGuest(t), await startGuest(t)];
    await a.mutation(api.chat.messages.send, turn("1", "a1"));
    await a.mutation(api.chat.messages.send, turn("2", "a2"));
    await b.mutation(api.chat.messages.send, turn("3", "b1"));
    let refusal: unknown;
    await b.mutation(api.chat.messages.send, turn("4", "b2")).catch((e: unknown) => (refusal = e));
    expect(errorCode(refusal)).toBe("GUEST_BUDGET_SPENT");
    expect((refusal as { data: { resetsAt: number } }).data.resetsAt).toBe(Date.parse("2025-03-10T11:00:00Z"));
    // A fresh token is no way around it.
    const c = await startGuest(t);
    await expectCode(c.mutation(api.chat.messages.send, turn("5", "c1")), "GUEST_BUDGET_SPENT");
    expect((await c.query(api.chat.allowance.today, {})).guestBudget).toEqual({
      spent: true,
      resetsAt: Date.parse("2025-03-10T11:00:00Z"),
    });
    // b's refused send took none of b's own day.
    expect((await b.query(api.chat.allowance.today, {})).daily?.used).toBe(1);
    const alice = await signIn(t, "Alice");
    await alice.mutation(api.chat.messages.send, turn("users are not guests", "u1"));

    vi.setSystemTime(new Date("2025-03-10T11:00:01Z"));
    await b.mutation(api.chat.messages.send, turn("next hour", "b3"));
    await drain(t);
  });

  test("the daily budget holds across hours, and a send it refuses takes nothing from the hour either", async () => {
    setClock("2025-03-10T10:20:00Z");
    vi.stubEnv("HELM_GUEST_BUDGET_HOURLY", "3");
    vi.stubEnv("HELM_GUEST_BUDGET_DAILY", "2");
    const t = setupTest();
    const a = await startGuest(t);
    await a.mutation(api.chat.messages.send, turn("1", "a1"));
    await a.mutation(api.chat.messages.send, turn("2", "a2"));
    let refusal: unknown;
    await a.mutation(api.chat.messages.send, turn("3", "a3")).catch((e: unknown) => (refusal = e));
    expect(errorCode(refusal)).toBe("GUEST_BUDGET_SPENT");
    expect((refusal as { data: { resetsAt: number } }).data.resetsAt).toBe(Date.parse("2025-03-11T00:00:00Z"));
    expect(await t.run((ctx) => remainingOf(ctx, "guestMessagesHourly", perClockHour(3)))).toBe(1);
    vi.setSystemTime(new Date("2025-03-10T15:00:00Z"));
    await expectCode(a.mutation(api.chat.messages.send, turn("3", "a4")), "GUEST_BUDGET_SPENT");
    await drain(t);
  });
});

describe("guest tokens", () => {
  test("a missing, malformed, unknown or spent token is refused with its own code; only the hash is stored", async () => {
    const t = setupTest();
    await expectCode(t.mutation(api.guest.identity.start, { guestToken: "" }), "GUEST_TOKEN_REQUIRED");
    await expectCode(t.query(api.chat.sessions.list, { paginationOpts: page }), "UNAUTHENTICATED");
    for (const forged of ["short", "x".repeat(44), `${"a".repeat(42)}!`]) {
      await expectCode(t.mutation(api.guest.identity.start, { guestToken: forged }), "GUEST_TOKEN_INVALID");
      await expectCode(guestCaller(t, forged).query(api.chat.sessions.list, { paginationOpts: page }), "GUEST_TOKEN_INVALID");
    }
    // Well-formed but never started here.
    await expectCode(guestCaller(t, newGuestToken()).mutation(api.chat.messages.send, turn("hi", "n1")), "GUEST_TOKEN_INVALID");

    const guest = await startGuest(t);
    const row = await t.run((ctx) => ctx.db.get("users", guest.guestId));
    expect(row).toMatchObject({ kind: "guest" });
    expect(JSON.stringify(row)).not.toContain(guest.guestToken);
    // Knowing the stored hash is no use: it is not a token.
    const hash = row!.tokenIdentifier.replace("guest:", "");
    await expectCode(guestCaller(t, hash).query(api.chat.sessions.list, { paginationOpts: page }), "GUEST_TOKEN_INVALID");
    // Starting twice is harmless and makes no second guest.
    await t.mutation(api.guest.identity.start, { guestToken: guest.guestToken });
    expect(await t.run((ctx) => ctx.db.query("users").collect())).toHaveLength(1);
  });
});
