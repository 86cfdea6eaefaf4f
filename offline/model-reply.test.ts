import { describe, expect, test } from "vitest";
import { CONTINUE_INSTRUCTION } from "../convex/model/chat/prompt";
import { chatReply } from "./model-reply";

describe("offline model: continuing a cut-off reply", () => {
  const asked = [
    { role: "system", content: "You are Helm's assistant." },
    { role: "user", content: "Plan a picnic for Saturday" },
  ];
  const whole = chatReply(asked).text;

  test("says the rest of what it would have said, so the two parts read as one answer", () => {
    for (const cut of [1, 20, whole.length - 1]) {
      const partial = whole.slice(0, cut);
      const rest = chatReply([
        ...asked,
        { role: "assistant", content: partial },
        { role: "system", content: CONTINUE_INSTRUCTION },
      ]).text;
      expect(partial + rest).toBe(whole);
    }
  });

  test("a reasoning model's instruction comes as a developer message; a text it never wrote gets a closing line", () => {
    const rest = chatReply([
      ...asked,
      { role: "assistant", content: "Something else entirely" },
      { role: "developer", content: CONTINUE_INSTRUCTION },
    ]).text;
    expect(rest).toBe(" …and that is the rest of the answer.");
  });
});
