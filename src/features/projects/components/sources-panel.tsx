import { useMutation, useQuery } from "convex/react";
import { ExternalLink, Globe, Link2, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Skeleton, Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { SCRAPE_COST, useAddSource } from "../hooks/use-add-source";
import { inputClasses } from "./field-styles";

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

/** Pages attached to the project, and the box that adds one (5 credits). */
export function SourcesPanel({ projectId }: { projectId: Id<"projects"> }) {
  const sources = useQuery(api.projects.sources.list, { projectId });
  const remove = useMutation(api.projects.sources.remove);
  const source = useAddSource(projectId);
  const [url, setUrl] = useState("");

  // Clear the box once per added page (adjusting state during render, not in an effect).
  const [clearedFor, setClearedFor] = useState<string | null>(null);
  if (source.done && source.jobId !== clearedFor) {
    setClearedFor(source.jobId);
    setUrl("");
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (url.trim() !== "") await source.add(url.trim());
  };

  return (
    <section aria-labelledby="sources-title" className="rounded-2xl border border-slate-200 bg-white shadow-xs">
      <div className="flex items-center gap-2 border-b border-slate-100 px-4 py-3">
        <h2 id="sources-title" className="text-[15px] font-semibold text-slate-900">
          Pages
        </h2>
        {sources && sources.length > 0 && <span className="text-sm tabular-nums text-slate-500">{sources.length}</span>}
      </div>
      <form onSubmit={submit} className="space-y-2 border-b border-slate-100 p-4">
        <label htmlFor="source-url" className="text-[13px] font-medium text-slate-700">
          Add a page from a URL
        </label>
        <div className="flex gap-2">
          <input
            id="source-url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            value={url}
            disabled={source.running}
            onChange={(event) => setUrl(event.target.value)}
            placeholder="https://…"
            aria-invalid={source.error ? true : undefined}
            aria-describedby={source.error ? "source-url-error" : undefined}
            className={inputClasses}
          />
          <Button type="submit" variant="secondary" disabled={url.trim() === "" || source.running} className="shrink-0">
            {source.running ? <Spinner className="size-3.5" label="Reading page" /> : <Link2 aria-hidden />}
            Add · {SCRAPE_COST}
          </Button>
        </div>
        {source.error ? (
          <p id="source-url-error" role="alert" className="text-[13px] text-red-600">
            {source.error}
          </p>
        ) : (
          <p className="text-[13px] text-slate-500">
            {source.running ? "Reading the page…" : `${SCRAPE_COST} credits, refunded if the page can't be read.`}
          </p>
        )}
      </form>
      {sources === undefined ? (
        <div className="space-y-2 p-4" aria-hidden>
          <Skeleton className="h-14 w-full" />
        </div>
      ) : sources.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">
          Attach articles, specs or docs. Their text is kept here and can be shared with the chat.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {sources.map((page) => (
            <li key={page._id} className="group p-4" data-testid="source-row">
              <div className="flex items-start gap-3">
                <span className="mt-0.5 grid size-7 shrink-0 place-items-center rounded-md bg-slate-100 text-slate-500">
                  <Globe className="size-3.5" aria-hidden />
                </span>
                <div className="min-w-0 flex-1">
                  <p className="line-clamp-2 text-sm font-medium text-slate-900">{page.title}</p>
                  <a
                    href={page.url}
                    target="_blank"
                    rel="noopener noreferrer nofollow"
                    className="mt-0.5 inline-flex max-w-full items-center gap-1 text-xs text-slate-500 hover:text-blue-700"
                  >
                    <span className="truncate">{hostOf(page.url)}</span>
                    <ExternalLink className="size-3 shrink-0" aria-hidden />
                  </a>
                  <p className="mt-2 line-clamp-3 text-[13px] leading-5 text-slate-600">{page.excerpt}</p>
                </div>
                <button
                  type="button"
                  aria-label={`Remove ${page.title}`}
                  onClick={() =>
                    remove({ sourceId: page._id }).catch((error) =>
                      toast.error("Couldn't remove the page", { description: errorMessage(error) }),
                    )
                  }
                  className="grid size-8 shrink-0 place-items-center rounded-lg text-slate-400 hover:bg-slate-100 hover:text-red-600 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 sm:opacity-0 sm:group-hover:opacity-100 sm:focus-visible:opacity-100"
                >
                  <Trash2 className="size-4" aria-hidden />
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
