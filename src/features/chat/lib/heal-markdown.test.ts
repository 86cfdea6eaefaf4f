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
    // remend trims the trailing space; it renders the same.
    expect(healMarkdown("Some **").trimEnd()).toBe("Some");
    expect(healMarkdown("*(")).toBe("*(*");
  });

  test("closes an open code fence", () => {
    expect(healMarkdown("Example:\n\n```ts\nconst x =")).toBe("Example:\n\n```ts\nconst x =\n```");
  });

  test("a table cut off in its header or delimiter row still renders as a table", () => {
    expect(healMarkdown("Options:\n\n| Option | Effort |")).toBe("Options:\n\n| Option | Effort |\n| --- | --- |");
    expect(healMarkdown("Options:\n\n| Option | Effort |\n|---")).toBe("Options:\n\n| Option | Effort |\n| --- | --- |");
    expect(healMarkdown("| Option | Eff")).toBe("| Option | Eff |\n| --- | --- |");
    const rows = "| Option | Effort |\n|---|---|\n| Do it now | Lo";
    expect(healMarkdown(rows)).toBe(rows);
  });

  test("a list cut off at a bare marker has no empty item", () => {
    expect(healMarkdown("Steps:\n\n1. Collect\n2. Decide\n3.")).toBe("Steps:\n\n1. Collect\n2. Decide");
    expect(healMarkdown("- first\n- ")).toBe("- first");
  });

  test("a cut-off link shows its text, and a cut-off image waits", () => {
    expect(healMarkdown("See [the docs](https://exa")).toBe("See the docs");
    expect(healMarkdown("A chart: ![spend](https://exa")).toBe("A chart:");
  });

  test("leaves balanced text, bullets and code contents alone", () => {
    const done = "*(Offline model.)*\n\n* first\n* second\n\n**bold** and `a*b`\n\n```\nx = a * b\n```";
    expect(healMarkdown(done)).toBe(done);
  });
});
