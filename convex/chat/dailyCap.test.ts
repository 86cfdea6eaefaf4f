import { describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import { setPlan } from "../model/billing/credits";
import { setupTest, signIn } from "../test.setup";
import type { FakeModel } from "./fakeModel.testing";
import { balanceOf, drain, errorCode, expectCode, installFakeModel, turn } from "./helpers.testing";

let model: FakeModel;
installFakeModel((m) => (model = m));

describe("per-plan daily message caps", () => {
  test("off for signed-in plans by default", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    for (let i = 0; i < 8; i++) await alice.mutation(api.chat.messages.send, turn(`m${i}`, `k${i}`));
    await drain(t);
    expect(await alice.query(api.chat.allowance.today, {})).toEqual({ daily: null, guestBudget: null });
  });

  test("HELM_DAILY_CAP_FREE caps the free plan: the refused send charges nothing; Pro keeps its own (none)", async () => {
    vi.stubEnv("HELM_DAILY_CAP_FREE", "2");
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await alice.mutation(api.chat.messages.send, turn("1", "a"));
    await alice.mutation(api.chat.messages.send, turn("2", "b"));
    let refusal: unknown;
    await alice.mutation(api.chat.messages.send, turn("3", "c")).catch((e: unknown) => (refusal = e));
    expect(errorCode(refusal)).toBe("DAILY_LIMIT");
    const tomorrow = (Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000;
    expect((refusal as { data: object }).data).toMatchObject({ limit: 2, used: 2, resetsAt: tomorrow });
    expect(await balanceOf(t, alice.userId)).toBe(94);
    expect((await alice.query(api.chat.allowance.today, {})).daily).toEqual({ limit: 2, used: 2, remaining: 0, resetsAt: tomorrow });

    const bob = await signIn(t, "Bob");
    await t.run((ctx) => setPlan(ctx, bob.userId, "pro", Date.now() + 86_400_000));
    for (const key of ["x", "y", "z"]) await bob.mutation(api.chat.messages.send, turn(key, key));
    expect((await bob.query(api.chat.allowance.today, {})).daily).toBeNull();

    // Counting starts when a cap is configured.
    vi.stubEnv("HELM_DAILY_CAP_PRO", "1");
    await bob.mutation(api.chat.messages.send, turn("v", "v"));
    await expectCode(bob.mutation(api.chat.messages.send, turn("w", "w")), "DAILY_LIMIT");
    await drain(t);
  });

  test("a reply that fails gives back its credits and the day's message; a regenerate takes one like a send", async () => {
    vi.stubEnv("HELM_DAILY_CAP_FREE", "2");
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const used = async () => (await alice.query(api.chat.allowance.today, {})).daily?.used;
    model.queue({ kind: "status", status: 400 });
    await alice.mutation(api.chat.messages.send, turn("fails", "f"));
    await drain(t);
    expect(await used()).toBe(0);
    expect(await balanceOf(t, alice.userId)).toBe(100);
    const sent = await alice.mutation(api.chat.messages.send, turn("answered", "a"));
    await drain(t);
    await alice.mutation(api.chat.versions.regenerate, { messageId: sent.assistantMessageId, clientRequestId: "again" });
    await drain(t);
    expect(await used()).toBe(2);
    await expectCode(alice.mutation(api.chat.messages.send, turn("one more", "m")), "DAILY_LIMIT");
  });
});
