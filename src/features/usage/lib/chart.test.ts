import { describe, expect, test } from "vitest";
import { axisDays, niceMax } from "./chart";

describe("chart scale", () => {
  test.each([
    [0, 10],
    [7, 10],
    [10, 10],
    [11, 20],
    [21, 30],
    [45, 50],
    [61, 80],
    [99, 100],
    [101, 200],
    [2501, 3000],
  ])("a busiest day of %i credits gets a top of %i, with a whole-number middle line", (value, top) => {
    expect(niceMax(value)).toBe(top);
    expect(Number.isInteger(niceMax(value) / 2)).toBe(true);
  });

  test("labels the 1st, every week, and the last day", () => {
    expect(axisDays(31)).toEqual([1, 8, 15, 22, 31]);
    expect(axisDays(28)).toEqual([1, 8, 15, 22, 28]);
  });
});
