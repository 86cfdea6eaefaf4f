import { HOUR, RateLimiter } from "@convex-dev/rate-limiter";
import { describe, expect, test } from "vitest";
import { components } from "./model/components";
import { setupTest } from "./test.setup";

const limiter = new RateLimiter(components.rateLimiter, {
  probe: { kind: "token bucket", rate: 2, period: HOUR, capacity: 2 },
});

describe("components in tests", () => {
  test("setupTest mounts the rate limiter as convex.config.ts does", async () => {
    const t = setupTest();
    const take = () => t.run(async (ctx) => await limiter.limit(ctx, "probe", { key: "guest" }));
    expect(await take()).toEqual({ ok: true });
    expect(await take()).toEqual({ ok: true });
    const refused = await take();
    expect(refused.ok).toBe(false);
    expect(refused.retryAfter).toBeGreaterThan(0);
    expect(await t.run(async (ctx) => await limiter.check(ctx, "probe", { key: "other" }))).toEqual({ ok: true });
  });
});
