import { useMutation } from "convex/react";
import { Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";

/** "Add a task…": Enter adds and keeps the box ready for the next one. */
export function AddTaskForm({ projectId }: { projectId: Id<"projects"> }) {
  const add = useMutation(api.projects.tasks.add);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (title.trim() === "" || saving) return;
    setSaving(true);
    setError(null);
    try {
      await add({ projectId, title: title.trim() });
      setTitle("");
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} className="border-b border-slate-100 px-2 py-1.5 sm:px-3">
      <div className="flex items-center gap-2">
        <span className="grid size-9 shrink-0 place-items-center text-slate-400">
          <Plus className="size-4" aria-hidden />
        </span>
        <label htmlFor="new-task" className="sr-only">
          New task
        </label>
        <input
          id="new-task"
          value={title}
          maxLength={200}
          onChange={(event) => setTitle(event.target.value)}
          placeholder="Add a task…"
          aria-invalid={error ? true : undefined}
          className="h-9 min-w-0 flex-1 bg-transparent text-[15px] text-slate-900 placeholder:text-slate-400 focus:outline-none sm:text-sm"
        />
        {title.trim() !== "" && (
          <button
            type="submit"
            disabled={saving}
            className="h-8 shrink-0 rounded-lg bg-slate-900 px-3 text-sm font-medium text-white hover:bg-slate-800 disabled:bg-slate-300 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
          >
            Add
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="pb-1 pl-11 text-[13px] text-red-600">
          {error}
        </p>
      )}
    </form>
  );
}
