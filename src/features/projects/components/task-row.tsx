import { useMutation } from "convex/react";
import { Check, MoreHorizontal, Pencil, Trash2 } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { useFocusAfterRender } from "@/components/ui/focus-return";
import { cn } from "@/lib/cn";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { STATUS_LABEL, STATUS_ORDER, type TaskStatus } from "../lib/task-status";
import { InlineEdit } from "./inline-edit";
import { StatusIcon } from "./status-icon";

export type TaskView = { _id: Id<"tasks">; title: string; status: TaskStatus };

const TITLE_MAX = 200;

/** A task: its status menu, its title (click to rename) and a row menu. */
export function TaskRow({ task }: { task: TaskView }) {
  const setStatus = useMutation(api.projects.tasks.setStatus);
  const rename = useMutation(api.projects.tasks.rename);
  const remove = useMutation(api.projects.tasks.remove);
  const [editing, setEditing] = useState(false);
  const titleButton = useRef<HTMLButtonElement>(null);
  const focusLater = useFocusAfterRender();

  const report = (what: string) => (error: unknown) => {
    toast.error(what, { description: errorMessage(error) });
    throw error;
  };
  const changeStatus = (status: TaskStatus) =>
    setStatus({ taskId: task._id, status }).catch(report("Couldn't change the status")).catch(() => {});

  return (
    <li
      data-testid="task-row"
      data-status={task.status}
      className="group flex min-h-12 items-center gap-2 border-b border-slate-100 px-2 last:border-b-0 sm:px-3"
    >
      <DropdownMenu>
        <DropdownMenuTrigger
          aria-label={`Status: ${STATUS_LABEL[task.status]}. Change status of ${task.title}`}
          className="grid size-9 shrink-0 place-items-center rounded-lg hover:bg-slate-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
        >
          <StatusIcon status={task.status} />
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start">
          {STATUS_ORDER.map((status) => (
            <DropdownMenuItem key={status} onSelect={() => void changeStatus(status)}>
              <StatusIcon status={status} />
              <span className="flex-1">{STATUS_LABEL[status]}</span>
              {status === task.status && <Check className="text-slate-500" aria-label="Current" />}
            </DropdownMenuItem>
          ))}
        </DropdownMenuContent>
      </DropdownMenu>

      <div className="min-w-0 flex-1 py-2">
        {editing ? (
          <InlineEdit
            value={task.title}
            label="Task title"
            maxLength={TITLE_MAX}
            onSave={(title) => rename({ taskId: task._id, title }).catch(report("Couldn't rename the task"))}
            onDone={(byKeyboard) => {
              setEditing(false);
              if (byKeyboard) focusLater(() => titleButton.current);
            }}
            className="text-sm"
          />
        ) : (
          <button
            ref={titleButton}
            type="button"
            onClick={() => setEditing(true)}
            title="Rename"
            className={cn(
              "block w-full rounded-md px-1 py-1 text-left text-sm leading-5 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500",
              task.status === "done" ? "text-slate-500 line-through decoration-slate-400" : "text-slate-800",
            )}
          >
            {task.title}
          </button>
        )}
      </div>

      {task.status === "in_progress" && (
        <span className="hidden shrink-0 rounded-full bg-amber-50 px-2 py-0.5 text-[11px] font-medium text-amber-700 ring-1 ring-inset ring-amber-200 sm:inline">
          In progress
        </span>
      )}

      <DropdownMenu>
        <DropdownMenuTrigger
          aria-label={`More actions for ${task.title}`}
          className="grid size-9 shrink-0 place-items-center rounded-lg text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 sm:opacity-0 sm:group-hover:opacity-100 sm:focus-visible:opacity-100 sm:data-[state=open]:opacity-100"
        >
          <MoreHorizontal className="size-4" aria-hidden />
        </DropdownMenuTrigger>
        {/* Keep focus in the title editor that Rename opens, not on the trigger. */}
        <DropdownMenuContent onCloseAutoFocus={(event) => editing && event.preventDefault()}>
          <DropdownMenuItem onSelect={() => setEditing(true)}>
            <Pencil aria-hidden />
            Rename
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem
            destructive
            onSelect={() => void remove({ taskId: task._id }).catch(report("Couldn't delete the task")).catch(() => {})}
          >
            <Trash2 aria-hidden />
            Delete task
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </li>
  );
}
