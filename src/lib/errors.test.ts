import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import { ErrorCode } from "../../convex/errors";
import { errorCode, errorMessage, GENERIC_ERROR_MESSAGE, insufficientCreditsDetails } from "./errors";

describe("errorMessage", () => {
  test("every server error code maps to its own plain sentence", () => {
    const seen = new Set<string>();
    for (const code of Object.values(ErrorCode)) {
      const text = errorMessage(new ConvexError({ code, message: "server wording" }));
      expect(text, code).not.toBe("server wording");
      expect(text, code).not.toBe(GENERIC_ERROR_MESSAGE);
      expect(text, code).toMatch(/^[A-Z].*[.!]$/);
      seen.add(text);
    }
    expect(seen.size).toBe(Object.values(ErrorCode).length);
  });

  test("each URL refusal says what was refused, and a server without internet says so", () => {
    const sentence = (code: string) => errorMessage(new ConvexError({ code, message: "x" }));
    expect(sentence("URL_SCHEME_NOT_ALLOWED")).toBe("Only http and https addresses can be added.");
    expect(sentence("URL_NOT_ALLOWED")).toMatch(/private or local network/);
    expect(sentence("URL_NO_NETWORK")).toMatch(/can't reach the internet/);
    expect(sentence("URL_NOT_FOUND")).toMatch(/could not be found/);
  });

  test("insufficient credits names the cost and what is left", () => {
    const error = new ConvexError({ code: "INSUFFICIENT_CREDITS", message: "x", required: 3, remaining: 1, resetsAt: 0 });
    expect(errorMessage(error)).toBe("This needs 3 credits, but you have 1 credit left.");
  });

  test("unexpected errors never leak their text", () => {
    const crash = new Error("TypeError: cannot read properties of undefined (reading 'x')\n    at foo.ts:1");
    expect(errorMessage(crash)).toBe(GENERIC_ERROR_MESSAGE);
    expect(errorMessage("boom")).toBe(GENERIC_ERROR_MESSAGE);
    expect(errorMessage(undefined)).toBe(GENERIC_ERROR_MESSAGE);
    expect(errorMessage(new ConvexError("plain string payload"))).toBe(GENERIC_ERROR_MESSAGE);
  });

  test("a code the UI doesn't know yet falls back to the server's user-facing message", () => {
    expect(errorMessage(new ConvexError({ code: "BRAND_NEW", message: "Try again tomorrow." }))).toBe(
      "Try again tomorrow.",
    );
    expect(errorMessage(new ConvexError({ code: "BRAND_NEW" }))).toBe(GENERIC_ERROR_MESSAGE);
  });
});

describe("errorCode and insufficientCreditsDetails", () => {
  test("read the code and the credit details", () => {
    const error = new ConvexError({ code: "INSUFFICIENT_CREDITS", message: "x", required: 15, remaining: 4, resetsAt: 123 });
    expect(errorCode(error)).toBe("INSUFFICIENT_CREDITS");
    expect(insufficientCreditsDetails(error)).toEqual({ required: 15, remaining: 4, resetsAt: 123 });
    expect(errorCode(new Error("x"))).toBeNull();
    expect(insufficientCreditsDetails(new ConvexError({ code: "NOT_FOUND", message: "x" }))).toBeNull();
  });
});
