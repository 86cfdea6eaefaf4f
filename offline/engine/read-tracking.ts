import { currentComponent, ROOT_COMPONENT } from "./component-scope";
import { readTracking, type ReadTracker } from "./context";
import type { ConvexTestInternals } from "./internals";

const END_OF_RANGE = "_end_cursor";

/**
 * A paginated query's page must keep ending where it first ended, or rows
 * inserted into an earlier page would push others into the gap between pages
 * (Convex's query journal). The first run records its end cursor; later runs
 * of the same subscription read up to that cursor, however many rows that is.
 */
async function paginate(
  tracker: ReadTracker,
  args: { query: Parameters<ReadTracker["reads"]["readQuery"]>[0]; endCursor?: string | null },
  run: (jsonArgs: string) => Promise<string>,
): Promise<string> {
  const component = currentComponent();
  tracker.reads.readQuery(args.query, component);
  // The journal belongs to the subscribed query's own page: a component's
  // page read on its behalf is not pinned.
  if (component !== ROOT_COMPONENT) return await run(JSON.stringify(args));
  const pinned = args.endCursor == null ? tracker.pinnedEndCursor : null;
  const result = await run(JSON.stringify(pinned === null ? args : { ...args, endCursor: pinned }));
  if (pinned === null) {
    tracker.producedEndCursor = args.endCursor ?? (JSON.parse(result) as { continueCursor: string }).continueCursor;
    return result;
  }
  tracker.producedEndCursor = pinned;
  if (pinned === END_OF_RANGE) return result;
  // With an end cursor the page always continues from it, even when the row
  // at the cursor has since been deleted (convex-test would report "done").
  const page = JSON.parse(result) as { continueCursor: string; isDone: boolean };
  return JSON.stringify({ ...page, continueCursor: pinned, isDone: false });
}

/**
 * Wraps convex-test's syscalls so that, inside `readTracking`, everything a
 * query reads is recorded along with the commit version it saw, including
 * what components read for it (attributed to the component whose function
 * made the syscall).
 */
export function trackReads(internals: ConvexTestInternals) {
  const syscall = internals.syscall;
  const asyncSyscall = internals.asyncSyscall;
  let currentVersion = () => 0;
  internals.syscall = (op, jsonArgs) => {
    const tracker = readTracking.getStore();
    if (tracker && op === "1.0/queryStream") {
      tracker.version ??= currentVersion();
      tracker.reads.readQuery(JSON.parse(jsonArgs).query, currentComponent());
    }
    return syscall(op, jsonArgs);
  };
  internals.asyncSyscall = async (op, jsonArgs) => {
    const tracker = readTracking.getStore();
    if (!tracker) return await asyncSyscall(op, jsonArgs);
    // A syscall runs inside the query's transaction, which holds convex-test's
    // lock: no commit can land until the query ends.
    tracker.version ??= currentVersion();
    const args = JSON.parse(jsonArgs);
    switch (op) {
      case "1.0/get":
        tracker.reads.readDocument(args.id, currentComponent());
        break;
      case "1.0/count":
        tracker.reads.readTable(args.table, currentComponent());
        break;
      case "1.0/queryPage":
        return await paginate(tracker, args, (json) => asyncSyscall(op, json));
    }
    return await asyncSyscall(op, jsonArgs);
  };
  return {
    setVersionSource(source: () => number) {
      currentVersion = source;
    },
  };
}
