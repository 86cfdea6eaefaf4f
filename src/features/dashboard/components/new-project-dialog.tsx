import { useMutation } from "convex/react";
import { FolderPlus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import { Field, inputClasses } from "./field";

const NAME_MAX = 80;

/** Names a new, empty project and opens it. Free. */
export function NewProjectDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useMutation(api.projects.projects.create);
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === "") return;
    setSaving(true);
    setError(null);
    try {
      const projectId = await create({ name: name.trim(), description: description.trim() });
      onOpenChange(false);
      setName("");
      setDescription("");
      navigate(`/projects/${projectId}`);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setError(null);
        onOpenChange(next);
      }}
    >
      <DialogContent
        title="New project"
        icon={
          <span className="grid size-10 place-items-center rounded-xl bg-slate-100 text-slate-600 ring-1 ring-slate-200">
            <FolderPlus className="size-5" aria-hidden />
          </span>
        }
      >
        <form onSubmit={submit} className="mt-5 space-y-4">
          <Field id="project-name" label="Name" error={error}>
            <input
              id="project-name"
              autoFocus
              maxLength={NAME_MAX}
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="e.g. Website refresh"
              aria-invalid={error ? true : undefined}
              className={inputClasses}
            />
          </Field>
          <Field id="project-description" label="Description (optional)">
            <textarea
              id="project-description"
              rows={2}
              value={description}
              onChange={(event) => setDescription(event.target.value)}
              placeholder="What is this project about?"
              className={`${inputClasses} resize-none`}
            />
          </Field>
          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={name.trim() === "" || saving}>
              {saving && <Spinner className="size-3.5" label="Creating" />}
              Create project
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
