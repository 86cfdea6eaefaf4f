import { usePaginatedQuery } from "convex/react";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton, Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/cn";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { AddTaskForm } from "./add-task-form";
import { TaskRow } from "./task-row";

const PAGE_SIZE = 100;
const FILTERS = [
  { key: "all", label: "All" },
  { key: "active", label: "Active" },
  { key: "done", label: "Done" },
] as const;
type Filter = (typeof FILTERS)[number]["key"];

/** The project's tasks in order, with a quick filter and an add box. */
export function TaskList({ projectId }: { projectId: Id<"projects"> }) {
  const tasks = usePaginatedQuery(api.projects.tasks.list, { projectId }, { initialNumItems: PAGE_SIZE });
  const [filter, setFilter] = useState<Filter>("all");
  const visible = useMemo(
    () =>
      tasks.results.filter((task) =>
        filter === "all" ? true : filter === "done" ? task.status === "done" : task.status !== "done",
      ),
    [tasks.results, filter],
  );

  return (
    <section aria-labelledby="tasks-title" className="rounded-2xl border border-slate-200 bg-white shadow-xs">
      <div className="flex items-center gap-3 border-b border-slate-100 px-4 py-3">
        <h2 id="tasks-title" className="text-[15px] font-semibold text-slate-900">
          Tasks
        </h2>
        <div role="tablist" aria-label="Show" className="ml-auto flex rounded-lg bg-slate-100 p-0.5">
          {FILTERS.map(({ key, label }) => (
            <button
              key={key}
              type="button"
              role="tab"
              aria-selected={filter === key}
              onClick={() => setFilter(key)}
              className={cn(
                "h-7 rounded-md px-2.5 text-xs font-medium transition focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500",
                filter === key ? "bg-white text-slate-900 shadow-xs" : "text-slate-600 hover:text-slate-800",
              )}
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      <AddTaskForm projectId={projectId} />
      {tasks.status === "LoadingFirstPage" ? (
        <div className="space-y-2 p-4" aria-hidden>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
      ) : visible.length === 0 ? (
        <p className="px-4 py-10 text-center text-sm text-slate-500">
          {tasks.results.length === 0
            ? "No tasks yet. Add the first one above."
            : filter === "done"
              ? "Nothing is done yet."
              : "Everything here is done. Nice work."}
        </p>
      ) : (
        <ul aria-label="Tasks">
          {visible.map((task) => (
            <TaskRow key={task._id} task={task} />
          ))}
        </ul>
      )}
      {(tasks.status === "CanLoadMore" || tasks.status === "LoadingMore") && (
        <div className="flex justify-center border-t border-slate-100 p-2">
          <Button variant="ghost" size="sm" disabled={tasks.status === "LoadingMore"} onClick={() => tasks.loadMore(PAGE_SIZE)}>
            {tasks.status === "LoadingMore" && <Spinner className="size-3.5" />}
            Show more tasks
          </Button>
        </div>
      )}
    </section>
  );
}
