import { describe, expect, test } from "vitest";
import { BoundedRunQueue } from "./run-queue";

/** A run that holds its slot until released, recording when it started. */
function heldRun(started: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    release,
    start: () => {
      started.push(name);
      return done;
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("BoundedRunQueue", () => {
  test("due runs that find every slot taken start earliest-due first, ties in the order added", async () => {
    const started: string[] = [];
    const queue = new BoundedRunQueue(1, (error) => {
      throw error;
    });
    const now = Date.now();
    const blocker = heldRun(started, "blocker");
    queue.add({ dueAt: now - 100, start: blocker.start });
    const runs = { late: heldRun(started, "late"), first: heldRun(started, "first"), tie: heldRun(started, "tie") };
    queue.add({ dueAt: now - 10, start: runs.late.start });
    queue.add({ dueAt: now - 50, start: runs.first.start });
    queue.add({ dueAt: now - 50, start: runs.tie.start });
    expect(started).toEqual(["blocker"]);
    expect(queue.waitingCount).toBe(3);

    for (const run of [blocker, runs.first, runs.tie, runs.late]) {
      run.release();
      await settle();
    }
    expect(started).toEqual(["blocker", "first", "tie", "late"]);
    expect(queue.runningCount).toBe(0);
  });

  test("never runs more than its capacity, and drops runs that became obsolete while waiting", async () => {
    const started: string[] = [];
    const queue = new BoundedRunQueue(2, (error) => {
      throw error;
    });
    const names = ["a", "b", "c", "d"];
    const runs = names.map((name) => heldRun(started, name));
    const canceled = new Set(["c"]);
    names.forEach((name, index) =>
      queue.add({ dueAt: Date.now() - 1, start: runs[index].start, obsolete: () => canceled.has(name) }),
    );
    expect(started).toEqual(["a", "b"]);
    expect(queue.runningCount).toBe(2);

    runs[0].release();
    await settle();
    expect(started).toEqual(["a", "b", "d"]);
    expect(queue.runningCount).toBe(2);
    expect(queue.waitingCount).toBe(0);
  });
});
