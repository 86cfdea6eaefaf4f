import type { Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";

/**
 * Whether a scheduled run is still waiting for a slot or running. On a small
 * plan only a few scheduled functions run at once and the rest wait in line;
 * a reply or job whose run is still in line is queued, not dead, so no
 * watchdog may fail or refund it for waiting. Read from Convex's own
 * `_scheduled_functions` record, which the scheduler keeps current.
 */
export async function scheduledRunIsLive(
  ctx: QueryCtx,
  runId: Id<"_scheduled_functions"> | undefined,
): Promise<boolean> {
  if (!runId) return false;
  const run = await ctx.db.system.get(runId);
  return run?.state.kind === "pending" || run?.state.kind === "inProgress";
}
