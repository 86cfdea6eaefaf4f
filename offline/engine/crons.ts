import type { JSONValue } from "convex/values";
import { log } from "../log";
import { cronExpression, intervalMs, nextCronRun, parseCron, type CronSchedule } from "./cron-schedule";
import type { Engine } from "./engine";
import { schedulerConcurrency } from "./time-limits";
import type { Generation } from "./modules";
import { BoundedRunQueue } from "./run-queue";

type CronJob = { name: string; args: JSONValue[]; schedule: CronSchedule };

/**
 * Runs the jobs of convex/crons.ts in real time, as Convex's cron executor
 * (convex-backend crates/application/src/cron_jobs/mod.rs) does: crons do not
 * take scheduled functions' slots but have a pool of their own, as large; a job
 * never overlaps itself, and runs it missed while it was still running (or
 * waiting for a slot) are skipped.
 */
export class CronRunner {
  private queue: BoundedRunQueue;
  /** Bumped on every (re)load, so runs of an older crons module do not re-arm. */
  private epoch = 0;

  constructor(private readonly engine: Engine) {
    this.queue = new BoundedRunQueue(schedulerConcurrency(), (error) => log.error(`Cron failed to run: ${String(error)}`));
  }

  /** (Re)starts every job declared by `generation`'s crons module. */
  load(generation: Generation) {
    this.stop();
    const crons = generation.module("crons")?.default as { crons?: Record<string, CronJob> } | undefined;
    let armed = 0;
    for (const [identifier, job] of Object.entries(crons?.crons ?? {})) {
      try {
        this.arm(identifier, job, this.nextRun(job.schedule, Date.now()));
        armed += 1;
      } catch (error) {
        log.error(`Cron "${identifier}" has an invalid schedule: ${String(error)}`);
      }
    }
    if (armed > 0) log.info(`Scheduled ${armed} cron job(s).`);
  }

  stop() {
    this.epoch += 1;
    this.queue.clear();
  }

  private nextRun(schedule: CronSchedule, after: number): number {
    if (schedule.type === "interval") return after + intervalMs(schedule);
    return nextCronRun(parseCron(cronExpression(schedule)), after);
  }

  private arm(identifier: string, job: CronJob, at: number) {
    const epoch = this.epoch;
    this.queue.add({
      dueAt: at,
      start: async () => {
        try {
          await this.run(identifier, job);
        } finally {
          if (epoch === this.epoch) this.arm(identifier, job, this.nextAfterRun(job.schedule, at));
        }
      },
    });
  }

  private nextAfterRun(schedule: CronSchedule, previous: number): number {
    const now = Date.now();
    let next = this.nextRun(schedule, previous);
    while (next < now) {
      const later = this.nextRun(schedule, next);
      if (later <= next) break;
      next = later;
    }
    return next;
  }

  private async run(identifier: string, job: CronJob) {
    const fn = this.engine.generation.resolve(job.name);
    if (!fn || fn.kind === "query") {
      log.error(`Cron "${identifier}" refers to ${job.name}, which is not a mutation or action.`);
      return;
    }
    const outcome = await this.engine.call(fn.kind, job.name, job.args[0] ?? {}, null, { allowInternal: true });
    if (!outcome.ok) log.error(`Cron "${identifier}" (${job.name}) failed: ${outcome.message}`);
  }
}
