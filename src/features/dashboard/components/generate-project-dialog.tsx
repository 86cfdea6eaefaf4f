import { useMutation } from "convex/react";
import { WandSparkles } from "lucide-react";
import { useState, type FormEvent } from "react";
import { hasFinePointer } from "@/lib/pointer";
import { api } from "../../../../convex/_generated/api";
import { useStartJob } from "../hooks/use-start-job";
import { GENERATE_ACTION, GENERATE_COST } from "../lib/costs";
import { Field, inputClasses } from "./field";
import { PaidActionDialog } from "./paid-action-dialog";

const EXAMPLES = [
  "Plan a product launch in 6 weeks",
  "Move our blog from WordPress to a static site",
  "Organise a two-day team offsite in Lisbon",
];
const PROMPT_MAX = 2000;
const IS_MAC =
  typeof navigator !== "undefined" &&
  /Mac|iPhone|iPad/.test(navigator.platform);
const SUBMIT_KEYS = IS_MAC ? "⌘ Enter" : "Ctrl + Enter";

type Props = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onStarted: (jobId: string) => void;
};

/** A prompt in, a generated project out (15 credits, refunded on failure). */
export function GenerateProjectDialog({
  open,
  onOpenChange,
  onStarted,
}: Props) {
  const start = useStartJob(useMutation(api.projects.generate.start), {
    credits: GENERATE_COST,
    action: GENERATE_ACTION,
  });
  const [prompt, setPrompt] = useState("");
  const ready = prompt.trim().length >= 3;
  const [showShortcut] = useState(hasFinePointer);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready || start.pending) return;
    const jobId = await start.run({ prompt: prompt.trim() });
    if (jobId) {
      onStarted(jobId);
      setPrompt("");
      onOpenChange(false);
    }
  };

  return (
    <PaidActionDialog
      open={open}
      onOpenChange={onOpenChange}
      onClose={start.clearError}
      title="Generate a project with AI"
      description="Describe what you want to get done. Helm drafts a project with 3–15 tasks you can edit."
      icon={WandSparkles}
      tint="bg-violet-50 text-violet-600 ring-violet-100"
      credits={GENERATE_COST}
      submitLabel="Generate"
      canSubmit={ready}
      pending={start.pending}
      onSubmit={submit}
    >
      <Field
        id="generate-prompt"
        label="What's the project?"
        error={start.error}
        // Touch screens have no Ctrl key to press.
        hint={
          showShortcut && (
            <>
              Press{" "}
              <kbd className="rounded border border-slate-200 bg-slate-50 px-1 font-sans text-[12px] text-slate-600">
                {SUBMIT_KEYS}
              </kbd>{" "}
              to generate.
            </>
          )
        }
      >
        <textarea
          id="generate-prompt"
          rows={3}
          autoFocus
          maxLength={PROMPT_MAX}
          value={prompt}
          onChange={(event) => setPrompt(event.target.value)}
          onKeyDown={(event) => {
            if (
              event.key !== "Enter" ||
              !(event.metaKey || event.ctrlKey) ||
              event.nativeEvent.isComposing
            )
              return;
            void submit(event);
          }}
          placeholder="e.g. Plan a product launch in 6 weeks"
          aria-invalid={start.error ? true : undefined}
          aria-describedby={
            start.error ? "generate-prompt-error" : showShortcut ? "generate-prompt-hint" : undefined
          }
          className={`${inputClasses} resize-none leading-6`}
        />
      </Field>
      <div className="-mt-1 flex flex-wrap gap-1.5" aria-label="Examples">
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
    </PaidActionDialog>
  );
}
