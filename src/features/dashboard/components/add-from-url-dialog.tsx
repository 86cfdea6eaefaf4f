import { useMutation } from "convex/react";
import { Link2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { useStartJob } from "../hooks/use-start-job";
import { SCRAPE_ACTION, SCRAPE_COST } from "../lib/costs";
import { Field, inputClasses } from "./field";
import { PaidActionDialog } from "./paid-action-dialog";

const NEW_PROJECT = "new";
const CHEVRON = `url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='%2394a3b8' stroke-width='2'%3E%3Cpath d='m6 9 6 6 6-6'/%3E%3C/svg%3E")`;

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onStarted: (jobId: string) => void;
  projects: { _id: Id<"projects">; name: string }[];
};

/** Reads a web page into a new project or attaches it to an existing one (5 credits). */
export function AddFromUrlDialog({ open, onOpenChange, onStarted, projects }: Props) {
  const start = useStartJob(useMutation(api.projects.scrape.start), {
    credits: SCRAPE_COST,
    action: SCRAPE_ACTION,
  });
  const [url, setUrl] = useState("");
  const [target, setTarget] = useState<string>(NEW_PROJECT);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (url.trim() === "") return;
    const projectId = target === NEW_PROJECT ? undefined : (target as Id<"projects">);
    const jobId = await start.run({ url: url.trim(), ...(projectId ? { projectId } : {}) });
    if (jobId) {
      onStarted(jobId);
      setUrl("");
      onOpenChange(false);
    }
  };

  return (
    <PaidActionDialog
      open={open}
      onOpenChange={onOpenChange}
      onClose={start.clearError}
      title="Add from URL"
      description="Helm reads the page and keeps its title and main text, so you — and the chat — can refer to it."
      icon={Link2}
      tint="bg-amber-50 text-amber-600 ring-amber-100"
      credits={SCRAPE_COST}
      submitLabel="Add page"
      canSubmit={url.trim() !== ""}
      pending={start.pending}
      onSubmit={submit}
    >
      <Field id="scrape-url" label="Page address" error={start.error}>
        <input
          id="scrape-url"
          inputMode="url"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          placeholder="https://example.com/article"
          aria-invalid={start.error ? true : undefined}
          aria-describedby={start.error ? "scrape-url-error" : undefined}
          className={inputClasses}
        />
      </Field>
      <Field id="scrape-target" label="Add to">
        <select
          id="scrape-target"
          value={target}
          onChange={(event) => setTarget(event.target.value)}
          className={`${inputClasses} appearance-none bg-[length:16px] bg-[right_0.6rem_center] bg-no-repeat pr-9`}
          style={{ backgroundImage: CHEVRON }}
        >
          <option value={NEW_PROJECT}>A new project named after the page</option>
          {projects.map((project) => (
            <option key={project._id} value={project._id}>
              {project.name}
            </option>
          ))}
        </select>
      </Field>
    </PaidActionDialog>
  );
}
