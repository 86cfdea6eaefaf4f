import type { JSONValue } from "convex/values";
import { log } from "../log";
import { realClearTimeout, realSetTimeout, runClean } from "./context";
import { cronExpression, intervalMs, nextCronRun, parseCron, type CronSchedule } from "./cron-schedule";
import type { Engine } from "./engine";
import type { Generation } from "./modules";

type CronJob = { name: string; args: JSONValue[]; schedule: CronSchedule };

/** Timers beyond ~24.8 days overflow; wake up early and re-check. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs the jobs of convex/crons.ts in real time, as Convex does. */
export class CronRunner {
  private timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly engine: Engine) {}

  /** (Re)starts every job declared by `generation`'s crons module. */
  load(generation: Generation) {
    this.stop();
    const crons = generation.module("crons")?.default as { crons?: Record<string, CronJob> } | undefined;
    for (const [identifier, job] of Object.entries(crons?.crons ?? {})) {
      try {
        this.arm(identifier, job, this.nextRun(job.schedule, Date.now()));
      } catch (error) {
        log.error(`Cron "${identifier}" has an invalid schedule: ${String(error)}`);
      }
    }
    if (this.timers.size > 0) log.info(`Scheduled ${this.timers.size} cron job(s).`);
  }

  stop() {
    for (const timer of this.timers.values()) realClearTimeout(timer);
    this.timers.clear();
  }

  private nextRun(schedule: CronSchedule, after: number): number {
    if (schedule.type === "interval") return after + intervalMs(schedule);
    return nextCronRun(parseCron(cronExpression(schedule)), after);
  }

  private arm(identifier: string, job: CronJob, at: number) {
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - Date.now()));
    const timer = runClean(() =>
      realSetTimeout(() => {
        if (Date.now() < at) return this.arm(identifier, job, at);
        this.arm(identifier, job, this.nextRun(job.schedule, Date.now()));
        void this.run(identifier, job);
      }, delay),
    );
    this.timers.set(identifier, timer);
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
