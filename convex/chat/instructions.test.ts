import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import {
  CHAT_HEADING,
  INSTRUCTION_LIMITS,
  INSTRUCTIONS_TOKEN_BUDGET,
  USER_HEADING,
} from "../model/chat/instructions";
import { SYSTEM_PROMPT } from "../model/chat/prompt";
import { setupTest, signIn } from "../test.setup";
import { FakeModel } from "./fakeModel.testing";
import { drain, expectCode, installFakeModel, turn } from "./helpers.testing";

let model: FakeModel;
installFakeModel((m) => (model = m));

const systemMessage = () => model.lastPrompt()![0];

/** Text that tokenizes badly (about one token per 2–3 characters), `length` characters long. */
function dense(length: number, seed: number): string {
  let x = seed;
  let out = "";
  while (out.length < length) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += `${x.toString(36).slice(0, 4)} `;
  }
  return out.slice(0, length);
}

describe("custom instructions", () => {
  test("are saved per user, checked for length, and cleared when both are empty", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    await alice.mutation(api.chat.instructions.set, { about: " I run a bakery. ", style: "Short answers." });
    expect(await alice.query(api.chat.instructions.get, {})).toMatchObject({
      about: "I run a bakery.",
      style: "Short answers.",
      limits: INSTRUCTION_LIMITS,
    });
    expect(await bob.query(api.chat.instructions.get, {})).toMatchObject({ about: "", style: "" });
    await expectCode(
      alice.mutation(api.chat.instructions.set, { about: "x".repeat(INSTRUCTION_LIMITS.about + 1), style: "" }),
      "INSTRUCTIONS_TOO_LONG",
    );
    await alice.mutation(api.chat.instructions.set, { about: "", style: " " });
    expect(await t.run((ctx) => ctx.db.query("userInstructions").collect())).toHaveLength(0);
  });

  test("the user's and the chat's instructions reach the system message of every reply in that chat", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await alice.mutation(api.chat.instructions.set, { about: "I run a bakery.", style: "Answer in French." });
    const sent = await alice.mutation(api.chat.messages.send, turn("hello", "one"));
    await drain(t);
    const first = systemMessage().content;
    expect(first.startsWith(SYSTEM_PROMPT)).toBe(true);
    expect(first).toContain(USER_HEADING);
    expect(first).toContain("I run a bakery.");
    expect(first).toContain("Answer in French.");
    expect(first).not.toContain(CHAT_HEADING);

    await alice.mutation(api.chat.instructions.setForChat, { sessionId: sent.sessionId, instructions: "Talk like a pirate." });
    expect(await alice.query(api.chat.sessions.get, { sessionId: sent.sessionId })).toMatchObject({
      instructions: "Talk like a pirate.",
    });
    await alice.mutation(api.chat.messages.send, turn("again", "two", { sessionId: sent.sessionId }));
    await drain(t);
    expect(systemMessage().content).toContain(`${CHAT_HEADING}\nTalk like a pirate.`);

    // Another chat has none of this chat's instructions.
    await alice.mutation(api.chat.messages.send, turn("elsewhere", "three"));
    await drain(t);
    expect(systemMessage().content).not.toContain("pirate");

    // Clearing them leaves the plain system prompt.
    await alice.mutation(api.chat.instructions.set, { about: "", style: "" });
    await alice.mutation(api.chat.messages.send, turn("plain", "four"));
    await drain(t);
    expect(systemMessage().content).toBe(SYSTEM_PROMPT);
  });

  test("together they stay within the token budget, the chat's kept first", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await alice.mutation(api.chat.instructions.set, {
      about: dense(INSTRUCTION_LIMITS.about, 1),
      style: dense(INSTRUCTION_LIMITS.style, 2),
    });
    const chat = dense(INSTRUCTION_LIMITS.chat, 3);
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    await alice.mutation(api.chat.instructions.setForChat, { sessionId, instructions: chat });
    // Uncut they would be far over the budget.
    expect(countTokens(chat)).toBeGreaterThan(INSTRUCTIONS_TOKEN_BUDGET / 2);
    await alice.mutation(api.chat.messages.send, turn("hello", "one", { sessionId }));
    await drain(t);
    const system = systemMessage().content;
    const instructions = system.slice(SYSTEM_PROMPT.length).trim();
    expect(countTokens(instructions)).toBeLessThanOrEqual(INSTRUCTIONS_TOKEN_BUDGET);
    expect(countTokens(instructions)).toBeGreaterThan(INSTRUCTIONS_TOKEN_BUDGET - 100);
    expect(instructions).toContain(chat.slice(0, 200));
    expect(instructions).toContain("…");
  });

  test("a chat's instructions are its owner's alone", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    const { sessionId } = await alice.mutation(api.chat.sessions.create, {});
    await expectCode(
      bob.mutation(api.chat.instructions.setForChat, { sessionId, instructions: "Be rude." }),
      "NOT_FOUND",
    );
    await expectCode(
      alice.mutation(api.chat.instructions.setForChat, { sessionId, instructions: "y".repeat(INSTRUCTION_LIMITS.chat + 1) }),
      "INSTRUCTIONS_TOO_LONG",
    );
    await alice.mutation(api.chat.instructions.setForChat, { sessionId, instructions: "Be brief." });
    await alice.mutation(api.chat.instructions.setForChat, { sessionId, instructions: "" });
    expect((await alice.query(api.chat.sessions.get, { sessionId }))?.instructions).toBeUndefined();
  });
});
