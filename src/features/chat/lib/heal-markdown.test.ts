import { describe, expect, test } from "vitest";
import { healMarkdown } from "./heal-markdown";

describe("healMarkdown", () => {
  test("closes an open emphasis, bold or inline code at the end of partial text", () => {
    expect(healMarkdown("*(Offline model: a determ")).toBe("*(Offline model: a determ*");
    expect(healMarkdown("This is **very imp")).toBe("This is **very imp**");
    expect(healMarkdown("Call `fetchDa")).toBe("Call `fetchDa`");
    expect(healMarkdown("Both ***at once ")).toBe("Both ***at once***");
  });

  test("holds back an opening marker with nothing after it yet", () => {
    expect(healMarkdown("*")).toBe("");
    expect(healMarkdown("Some **")).toBe("Some ");
    expect(healMarkdown("*(")).toBe("*(*");
  });

  test("closes an open code fence", () => {
    expect(healMarkdown("Example:\n\n```ts\nconst x =")).toBe("Example:\n\n```ts\nconst x =\n```");
  });

  test("leaves balanced text, bullets and code contents alone", () => {
    const done = "*(Offline model.)*\n\n* first\n* second\n\n**bold** and `a*b`\n\n```\nx = a * b\n```";
    expect(healMarkdown(done)).toBe(done);
  });
});
