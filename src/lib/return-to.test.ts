import { describe, expect, test } from "vitest";
import { safeReturnPath, withReturnTo } from "./return-to";

describe("returnTo", () => {
  test("only this app's own paths are accepted", () => {
    expect(safeReturnPath("/chat/CH-000012")).toBe("/chat/CH-000012");
    expect(safeReturnPath("/projects/abc?tab=1")).toBe("/projects/abc?tab=1");
    for (const bad of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "chat", "", null]) {
      expect(safeReturnPath(bad), String(bad)).toBeNull();
    }
  });

  test("is added to app paths and absolute URLs alike", () => {
    expect(withReturnTo("/pricing#packs", "/chat/CH-000001")).toBe("/pricing?returnTo=%2Fchat%2FCH-000001#packs");
    expect(withReturnTo("http://127.0.0.1:5273/billing/return", "/chat/CH-000001")).toBe(
      "http://127.0.0.1:5273/billing/return?returnTo=%2Fchat%2FCH-000001",
    );
    expect(withReturnTo("/pricing", null)).toBe("/pricing");
  });
});
