import type { TaskStatus } from "../../../../convex/schema";

export type { TaskStatus };

export const STATUS_ORDER: TaskStatus[] = ["todo", "in_progress", "done"];

export const STATUS_LABEL: Record<TaskStatus, string> = {
  todo: "To do",
  in_progress: "In progress",
  done: "Done",
};

/** Clicking a task's status moves it forward; done wraps back to to-do. */
export function nextStatus(status: TaskStatus): TaskStatus {
  return STATUS_ORDER[(STATUS_ORDER.indexOf(status) + 1) % STATUS_ORDER.length]!;
}
