import { describe, expect, test } from "vitest";
import { cronExpression, intervalMs, nextCronRun, parseCron } from "./cron-schedule";

const at = (iso: string) => Date.parse(iso);
const next = (expression: string, after: string) => new Date(nextCronRun(parseCron(expression), at(after))).toISOString();

describe("cron schedules", () => {
  test("Convex's named schedules become cron expressions", () => {
    expect(cronExpression({ type: "hourly", minuteUTC: 5 })).toBe("5 * * * *");
    expect(cronExpression({ type: "daily", hourUTC: 7, minuteUTC: 30 })).toBe("30 7 * * *");
    expect(cronExpression({ type: "weekly", dayOfWeek: "tuesday", hourUTC: 17 })).toBe("0 17 * * 2");
    expect(cronExpression({ type: "monthly", day: 1, hourUTC: 0 })).toBe("0 0 1 * *");
    expect(intervalMs({ type: "interval", minutes: 2 })).toBe(120_000);
  });

  test("the next run is the first matching minute after now, in UTC", () => {
    expect(next("30 7 * * *", "2026-03-15T07:29:59Z")).toBe("2026-03-15T07:30:00.000Z");
    expect(next("30 7 * * *", "2026-03-15T07:30:00Z")).toBe("2026-03-16T07:30:00.000Z");
    expect(next("*/15 * * * *", "2026-03-15T10:01:00Z")).toBe("2026-03-15T10:15:00.000Z");
    expect(next("0 0 1 * *", "2026-12-31T23:59:00Z")).toBe("2027-01-01T00:00:00.000Z");
    expect(next("0 9 * * 1-5", "2026-03-14T12:00:00Z")).toBe("2026-03-16T09:00:00.000Z"); // Sat → Mon
    expect(next("0 0 29 2 *", "2026-03-01T00:00:00Z")).toBe("2028-02-29T00:00:00.000Z");
  });

  test("day of month and day of week match either one when both are set", () => {
    // "The 13th or a Friday": after Sat 14 March 2026 the next is Friday the 20th.
    expect(next("0 12 13 * 5", "2026-03-14T00:00:00Z")).toBe("2026-03-20T12:00:00.000Z");
    expect(next("0 12 13 * 5", "2026-03-21T00:00:00Z")).toBe("2026-03-27T12:00:00.000Z");
  });

  test("invalid expressions are rejected", () => {
    for (const bad of ["* * * *", "60 * * * *", "*/0 * * * *", "5-1 * * * *", "a * * * *"]) {
      expect(() => parseCron(bad)).toThrow();
    }
  });
});
