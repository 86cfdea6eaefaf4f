import { guardSyscall } from "./function-guard";
import type { ConvexTestInternals } from "./internals";
import type { ScheduledFunctionRunner } from "./scheduler";

/**
 * Routes convex-test's syscalls through the engine's runtime rules: each is
 * checked against the calling function's guard (offline/engine/function-guard.ts),
 * and scheduling goes through the bounded scheduler.
 */
export function hookSyscalls(internals: ConvexTestInternals, scheduler: ScheduledFunctionRunner) {
  const syscall = internals.syscall;
  const asyncSyscall = internals.asyncSyscall;
  internals.syscall = (op, jsonArgs) => guardSyscall(() => syscall(op, jsonArgs));
  internals.asyncSyscall = (op, jsonArgs) =>
    guardSyscall(() =>
      op === "1.0/schedule" ? scheduler.schedule(() => asyncSyscall(op, jsonArgs)) : asyncSyscall(op, jsonArgs),
    );
}
