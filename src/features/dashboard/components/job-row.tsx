import { CircleAlert, X } from "lucide-react";
import { useIsUnlimited } from "@/components/credits/use-credit-guard";
import { Spinner } from "@/components/ui/spinner";
import type { Job } from "../hooks/use-jobs";
import { GENERATE_COST, SCRAPE_COST } from "../lib/costs";

const clip = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function displayUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.hostname.replace(/^www\./, "")}${url.pathname === "/" ? "" : url.pathname}`;
  } catch {
    return raw;
  }
}

/** A running or failed generation/URL job, as a row above the project list. */
export function JobRow({ job, onDismiss }: { job: Job; onDismiss: (jobId: string) => void }) {
  const unlimited = useIsUnlimited();
  const generating = job.kind === "projectGeneration";
  const subject = generating ? `“${clip(job.input)}”` : clip(displayUrl(job.input), 60);

  if (job.status === "failed") {
    const cost = generating ? GENERATE_COST : SCRAPE_COST;
    return (
      <li
        data-testid="job-row"
        data-status="failed"
        className="flex items-start gap-3 rounded-xl border border-red-200 bg-red-50/60 px-4 py-3"
      >
        <CircleAlert className="mt-0.5 size-4 shrink-0 text-red-500" aria-hidden />
        <div className="min-w-0 flex-1 text-sm">
          <p className="font-medium text-red-900">
            {generating ? "Couldn't generate " : "Couldn't add "}
            <span className="break-words">{subject}</span>
          </p>
          <p className="mt-0.5 text-red-800/90" role="alert">
            {job.error ?? "Something went wrong."}
            {unlimited ? "" : ` Your ${cost} credits were refunded.`}
          </p>
        </div>
        <button
          type="button"
          onClick={() => onDismiss(job._id)}
          aria-label="Dismiss"
          className="-m-1 grid size-8 shrink-0 place-items-center rounded-lg text-red-400 hover:bg-red-100 hover:text-red-700 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-red-500"
        >
          <X className="size-4" aria-hidden />
        </button>
      </li>
    );
  }

  return (
    <li
      data-testid="job-row"
      data-status={job.status}
      className="flex items-center gap-3 rounded-xl border border-slate-200 bg-slate-50/70 px-4 py-3"
    >
      <Spinner className="size-4 shrink-0 text-blue-600" label={generating ? "Generating" : "Reading page"} />
      <p className="min-w-0 flex-1 truncate text-sm text-slate-700">
        <span className="font-medium text-slate-900">{generating ? "Generating a project" : "Reading a page"}</span>{" "}
        <span className="text-slate-500">{subject}</span>
      </p>
      <span className="hidden shrink-0 text-xs text-slate-500 sm:inline">
        {generating ? "Usually under a minute" : "A few seconds"}
      </span>
    </li>
  );
}
