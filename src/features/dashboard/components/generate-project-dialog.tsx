import { useMutation } from "convex/react";
import { WandSparkles } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { api } from "../../../../convex/_generated/api";
import { useStartJob } from "../hooks/use-start-job";
import { GENERATE_ACTION, GENERATE_COST } from "../lib/costs";
import { CostNote, Field, inputClasses } from "./field";

const EXAMPLES = [
  "Plan a product launch in 6 weeks",
  "Move our blog from WordPress to a static site",
  "Organise a two-day team offsite in Lisbon",
];
const PROMPT_MAX = 2000;

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onStarted: (jobId: string) => void;
};

/** A prompt in, a generated project out (15 credits, refunded on failure). */
export function GenerateProjectDialog({ open, onOpenChange, onStarted }: Props) {
  const start = useStartJob(useMutation(api.projects.generate.start), {
    credits: GENERATE_COST,
    action: GENERATE_ACTION,
  });
  const [prompt, setPrompt] = useState("");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (prompt.trim().length < 3) return;
    const jobId = await start.run({ prompt: prompt.trim() });
    if (jobId) {
      onStarted(jobId);
      setPrompt("");
      onOpenChange(false);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) start.clearError();
        onOpenChange(next);
      }}
    >
      <DialogContent
        title="Generate a project with AI"
        description="Describe what you want to get done. Helm drafts a project with 3–15 tasks you can edit."
        icon={
          <span className="grid size-10 place-items-center rounded-xl bg-violet-50 text-violet-600 ring-1 ring-violet-100">
            <WandSparkles className="size-5" aria-hidden />
          </span>
        }
        className="max-w-lg"
      >
        <form onSubmit={submit} className="mt-5">
          <Field id="generate-prompt" label="What's the project?" error={start.error}>
            <textarea
              id="generate-prompt"
              rows={3}
              autoFocus
              maxLength={PROMPT_MAX}
              value={prompt}
              onChange={(event) => setPrompt(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) void submit(event);
              }}
              placeholder="e.g. Plan a product launch in 6 weeks"
              aria-invalid={start.error ? true : undefined}
              aria-describedby={start.error ? "generate-prompt-error" : undefined}
              className={`${inputClasses} resize-none leading-6`}
            />
          </Field>
          <div className="mt-3 flex flex-wrap gap-1.5" aria-label="Examples">
            {EXAMPLES.map((example) => (
              <button
                key={example}
                type="button"
                onClick={() => setPrompt(example)}
                className="rounded-full border border-slate-200 bg-white px-2.5 py-1 text-xs text-slate-600 transition hover:border-slate-300 hover:bg-slate-50 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
              >
                {example}
              </button>
            ))}
          </div>
          <CostNote credits={GENERATE_COST} />
          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" disabled={prompt.trim().length < 3 || start.pending}>
              {start.pending ? <Spinner className="size-3.5" label="Starting" /> : <WandSparkles aria-hidden />}
              Generate · {GENERATE_COST} credits
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
