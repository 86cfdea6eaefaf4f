import { afterEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { JOB_DEADLINE_MS } from "../model/projects/jobs";
import { setupTest, signIn, type TestConvex } from "../test.setup";
import { ledgerOf } from "./assertions.testing";

/*
 * A job's time limit counts from when its worker starts. Fake timers hold the
 * worker in line, as a scheduler with every slot taken does; the watchdog
 * (`jobs.expire`) is then run by hand at chosen moments.
 */

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
const MINUTE = 60_000;
afterEach(() => vi.useRealTimers());

async function queuedScrape() {
  vi.useFakeTimers({ now: T0 });
  const t = setupTest();
  const alice = await signIn(t, "Alice");
  const { jobId } = await alice.mutation(api.projects.scrape.start, {
    url: "https://example.com/launch",
    clientRequestId: crypto.randomUUID(),
  });
  const jobAt = async (time: number) => {
    vi.setSystemTime(time);
    await t.mutation(internal.projects.jobs.expire, { jobId });
    return (await alice.query(api.projects.jobs.get, { jobId }))!;
  };
  return { t, alice, jobId, jobAt };
}

async function cancelWorker(t: TestConvex, jobId: Id<"aiJobs">) {
  await t.run(async (ctx) => ctx.scheduler.cancel((await ctx.db.get("aiJobs", jobId))!.workerId!));
}

describe("job deadlines", () => {
  test("a scrape waiting for a free slot past its 2 minutes is not expired; its 2 minutes start when it starts", async () => {
    const { t, alice, jobId, jobAt } = await queuedScrape();
    expect(await jobAt(T0 + 3 * MINUTE)).toMatchObject({ status: "pending" });
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100", "debit:-5"]);

    // The worker gets a slot at 3 minutes and claims the job.
    vi.setSystemTime(T0 + 3 * MINUTE);
    expect(await t.mutation(internal.projects.scrape.claim, { jobId })).toEqual({ url: "https://example.com/launch" });
    expect(await jobAt(T0 + 3 * MINUTE + JOB_DEADLINE_MS.urlScrape - 1000)).toMatchObject({
      status: "running",
      startedAt: T0 + 3 * MINUTE,
    });
    expect(await jobAt(T0 + 3 * MINUTE + JOB_DEADLINE_MS.urlScrape)).toMatchObject({
      status: "failed",
      errorCode: "URL_TIMEOUT",
    });
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100", "debit:-5", "refund:5"]);
    // Later checks refund nothing more.
    await jobAt(T0 + 20 * MINUTE);
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100", "debit:-5", "refund:5"]);
  });

  test("each check of a job still waiting schedules the next one", async () => {
    const { t, jobId, jobAt } = await queuedScrape();
    await jobAt(T0 + 3 * MINUTE);
    const checks = await t.run((ctx) =>
      ctx.db.system
        .query("_scheduled_functions")
        .filter((q) => q.eq(q.field("state.kind"), "pending"))
        .collect(),
    );
    const watchdogs = checks.filter((c) => c.name.includes("expire") && c.args[0]?.jobId === jobId);
    expect(watchdogs.map((c) => c.scheduledTime)).toContain(T0 + 3 * MINUTE + JOB_DEADLINE_MS.urlScrape);
  });

  test("a job whose worker ended without ever starting is failed and refunded at its check", async () => {
    const { t, alice, jobId, jobAt } = await queuedScrape();
    await cancelWorker(t, jobId);
    expect(await jobAt(T0 + JOB_DEADLINE_MS.urlScrape)).toMatchObject({ status: "failed", errorCode: "URL_TIMEOUT" });
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100", "debit:-5", "refund:5"]);
  });

  test("a project generation waiting in line keeps its credits charged and its job pending", async () => {
    vi.useFakeTimers({ now: T0 });
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { jobId } = await alice.mutation(api.projects.generate.start, {
      prompt: "Plan a product launch",
      clientRequestId: crypto.randomUUID(),
    });
    vi.setSystemTime(T0 + JOB_DEADLINE_MS.projectGeneration + MINUTE);
    await t.mutation(internal.projects.jobs.expire, { jobId });
    expect(await alice.query(api.projects.jobs.get, { jobId })).toMatchObject({ status: "pending" });
    expect((await alice.query(api.credits.balance, {})).remaining).toBe(85);
  });
});
