import { useMutation } from "convex/react";
import { ChevronLeft, MoreHorizontal, Pencil, Trash2 } from "lucide-react";
import { useRef, useState } from "react";
import { Link } from "react-router";
import { toast } from "sonner";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { PROJECT_SOURCE, type ProjectSource } from "@/components/projects/project-source";
import { useFocusAfterRender } from "@/components/ui/focus-return";
import { cn } from "@/lib/cn";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { DeleteProjectDialog } from "./delete-project-dialog";
import { InlineEdit } from "./inline-edit";

export type ProjectView = {
  _id: Id<"projects">;
  name: string;
  description: string;
  source: ProjectSource;
  createdAt: number;
  taskCount: number;
  doneCount: number;
};


/** Back link, editable name and description, progress, and the project menu. */
export function ProjectHeader({ project }: { project: ProjectView }) {
  const rename = useMutation(api.projects.projects.rename);
  const describe = useMutation(api.projects.projects.setDescription);
  const [editing, setEditing] = useState<"name" | "description" | null>(null);
  const [deleting, setDeleting] = useState(false);
  const actionsButton = useRef<HTMLButtonElement>(null);
  const descriptionButton = useRef<HTMLButtonElement>(null);
  const focusLater = useFocusAfterRender();
  // Enter or Escape in an editor hands focus back to what opened it.
  const doneEditing = (byKeyboard: boolean) => {
    const back = editing === "name" ? actionsButton : descriptionButton;
    setEditing(null);
    if (byKeyboard) focusLater(() => back.current);
  };
  const source = PROJECT_SOURCE[project.source];
  const Icon = source.icon;
  const progress = project.taskCount > 0 ? Math.round((project.doneCount / project.taskCount) * 100) : 0;

  const report = (what: string) => (error: unknown) => {
    toast.error(what, { description: errorMessage(error) });
    throw error;
  };

  return (
    <header>
      <Link
        to="/"
        className="-ml-1 inline-flex items-center gap-1 rounded-md px-1 text-sm text-slate-500 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
      >
        <ChevronLeft className="size-4" aria-hidden />
        Dashboard
      </Link>
      <div className="mt-4 flex items-start gap-3 sm:gap-4">
        <span className={cn("grid size-10 shrink-0 place-items-center rounded-xl sm:size-11", source.tint)} title={source.label}>
          <Icon className="size-5" aria-hidden />
        </span>
        <div className="min-w-0 flex-1">
          {editing === "name" ? (
            <InlineEdit
              value={project.name}
              label="Project name"
              maxLength={80}
              onSave={(name) => rename({ projectId: project._id, name }).catch(report("Couldn't rename the project"))}
              onDone={doneEditing}
              className="text-xl font-semibold tracking-tight sm:text-2xl"
            />
          ) : (
            <h1
              className="cursor-text break-words text-xl font-semibold tracking-tight text-slate-900 sm:text-2xl"
              onDoubleClick={() => setEditing("name")}
            >
              {project.name}
            </h1>
          )}
          {editing === "description" ? (
            <div className="mt-2">
              <InlineEdit
                multiline
                value={project.description}
                label="Project description"
                maxLength={2000}
                onSave={(description) =>
                  describe({ projectId: project._id, description }).catch(report("Couldn't save the description"))
                }
                onDone={doneEditing}
                className="text-sm leading-6"
              />
              <p className="mt-1 hidden text-xs text-slate-500 pointer-fine:block">⌘/Ctrl + Enter to save · Esc to cancel</p>
            </div>
          ) : (
            <button
              ref={descriptionButton}
              type="button"
              onClick={() => setEditing("description")}
              className={cn(
                "mt-1 block max-w-3xl rounded-md text-left text-sm leading-6 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500",
                project.description ? "text-slate-600" : "text-slate-500 hover:text-slate-700",
              )}
            >
              {project.description || "Add a description…"}
            </button>
          )}
          <div className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-2 text-[13px] text-slate-500">
            <span className="flex items-center gap-2">
              <span className="h-1.5 w-16 overflow-hidden rounded-full bg-slate-100 sm:w-24" aria-hidden>
                <span className="block h-full rounded-full bg-emerald-500" style={{ width: `${progress}%` }} />
              </span>
              <span className="tabular-nums">
                {project.doneCount} of {project.taskCount} done
              </span>
            </span>
            <span>{source.label}</span>
            <span>
              Created{" "}
              {new Date(project.createdAt).toLocaleDateString(undefined, { month: "short", day: "numeric", year: "numeric" })}
            </span>
          </div>
        </div>
        <DropdownMenu>
          <DropdownMenuTrigger
            ref={actionsButton}
            aria-label="Project actions"
            className="grid size-9 shrink-0 place-items-center rounded-lg border border-slate-200 text-slate-500 hover:bg-slate-50 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
          >
            <MoreHorizontal className="size-4" aria-hidden />
          </DropdownMenuTrigger>
          <DropdownMenuContent onCloseAutoFocus={(event) => editing && event.preventDefault()}>
            <DropdownMenuItem onSelect={() => setEditing("name")}>
              <Pencil aria-hidden />
              Rename
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => setEditing("description")}>
              <Pencil aria-hidden />
              Edit description
            </DropdownMenuItem>
            <DropdownMenuSeparator />
            <DropdownMenuItem destructive onSelect={() => setDeleting(true)}>
              <Trash2 aria-hidden />
              Delete project
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
      </div>
      <DeleteProjectDialog project={project} open={deleting} onOpenChange={setDeleting} />
    </header>
  );
}
