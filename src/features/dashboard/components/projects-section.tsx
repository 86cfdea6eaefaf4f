import { usePaginatedQuery } from "convex/react";
import { FolderKanban, Link2, Plus, WandSparkles } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Skeleton, Spinner } from "@/components/ui/spinner";
import { api } from "../../../../convex/_generated/api";
import { useJobs } from "../hooks/use-jobs";
import { useCreditGuard } from "@/components/credits/use-credit-guard";
import { GENERATE_ACTION, GENERATE_COST, SCRAPE_ACTION, SCRAPE_COST } from "../lib/costs";
import { AddFromUrlDialog } from "./add-from-url-dialog";
import { GenerateProjectDialog } from "./generate-project-dialog";
import { JobRow } from "./job-row";
import { NewProjectDialog } from "./new-project-dialog";
import { ProjectCard } from "./project-card";

const PAGE_SIZE = 12;
type Open = "new" | "generate" | "url" | null;

/** The project grid with its three ways to add one, and their jobs' live status. */
export function ProjectsSection() {
  const projects = usePaginatedQuery(api.projects.projects.list, {}, { initialNumItems: PAGE_SIZE });
  const { jobs, watch, dismiss } = useJobs();
  const guard = useCreditGuard();
  const [open, setOpen] = useState<Open>(null);

  // A paid action that can't be afforded opens the blocking dialog instead of its form.
  const openPaid = (which: "generate" | "url") => {
    const ok =
      which === "generate"
        ? guard.ensureCredits(GENERATE_COST, GENERATE_ACTION)
        : guard.ensureCredits(SCRAPE_COST, SCRAPE_ACTION);
    if (ok) setOpen(which);
  };
  const setDialog = (which: Exclude<Open, null>) => (next: boolean) => setOpen(next ? which : null);

  const loading = projects.status === "LoadingFirstPage";
  const empty = !loading && projects.results.length === 0;

  return (
    <section aria-labelledby="projects-title">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
        <div className="flex items-baseline gap-2">
          <h2 id="projects-title" className="text-lg font-semibold tracking-tight text-slate-900">
            Projects
          </h2>
          {!loading && projects.results.length > 0 && (
            <span className="text-sm tabular-nums text-slate-500">
              {projects.results.length}
              {projects.status === "CanLoadMore" ? "+" : ""}
            </span>
          )}
        </div>
        {/* Buttons keep their natural width and wrap to a second row on narrow phones rather than squeeze. */}
        <div className="flex flex-wrap gap-2 sm:ml-auto">
          <Button
            variant="secondary"
            size="sm"
            onClick={() => setOpen("new")}
            aria-label="New project"
            className="grow gap-1.5 px-2.5 sm:grow-0 sm:px-3"
          >
            <Plus aria-hidden />
            <span className="sm:hidden">New</span>
            <span className="hidden sm:inline">New project</span>
          </Button>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => openPaid("generate")}
            className="grow gap-1.5 px-2.5 sm:grow-0 sm:px-3"
          >
            <WandSparkles className="text-violet-600" aria-hidden />
            <span className="sm:hidden">Generate</span>
            <span className="hidden sm:inline">Generate with AI</span>{" "}
            <CostTag credits={GENERATE_COST} />
          </Button>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => openPaid("url")}
            className="grow gap-1.5 px-2.5 sm:grow-0 sm:px-3"
          >
            <Link2 className="text-amber-600" aria-hidden />
            <span className="sm:hidden">From URL</span>
            <span className="hidden sm:inline">Add from URL</span>{" "}
            <CostTag credits={SCRAPE_COST} />
          </Button>
        </div>
      </div>

      {jobs.length > 0 && (
        <ul className="mt-4 space-y-2" aria-label="Work in progress">
          {jobs.map((job) => (
            <JobRow key={job._id} job={job} onDismiss={dismiss} />
          ))}
        </ul>
      )}

      <div className="mt-4">
        {loading ? (
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-hidden>
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-[124px] rounded-xl" />
            ))}
          </div>
        ) : empty ? (
          <EmptyProjects onNew={() => setOpen("new")} onGenerate={() => openPaid("generate")} />
        ) : (
          <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {projects.results.map((project) => (
              <li key={project._id}>
                <ProjectCard project={project} />
              </li>
            ))}
          </ul>
        )}
        {(projects.status === "CanLoadMore" || projects.status === "LoadingMore") && (
          <div className="mt-4 flex justify-center">
            <Button
              variant="ghost"
              size="sm"
              disabled={projects.status === "LoadingMore"}
              onClick={() => projects.loadMore(PAGE_SIZE)}
            >
              {projects.status === "LoadingMore" && <Spinner className="size-3.5" />}
              Show more projects
            </Button>
          </div>
        )}
      </div>

      <NewProjectDialog open={open === "new"} onOpenChange={setDialog("new")} />
      <GenerateProjectDialog open={open === "generate"} onOpenChange={setDialog("generate")} onStarted={watch} />
      <AddFromUrlDialog
        open={open === "url"}
        onOpenChange={setDialog("url")}
        onStarted={watch}
        projects={projects.results}
      />
    </section>
  );
}

/** The price beside a paid button; read out as "15 credits", so the name holds what is shown. */
function CostTag({ credits }: { credits: number }) {
  return (
    <span className="rounded bg-slate-100 px-1 text-[11px] font-semibold tabular-nums text-slate-700">
      {credits} <span className="sr-only">credits</span>
    </span>
  );
}

function EmptyProjects({ onNew, onGenerate }: { onNew: () => void; onGenerate: () => void }) {
  return (
    <div className="flex flex-col items-center rounded-2xl border border-dashed border-slate-300 bg-slate-50/50 px-6 py-10 text-center">
      <span className="grid size-11 place-items-center rounded-2xl bg-white text-slate-500 shadow-xs ring-1 ring-slate-200">
        <FolderKanban className="size-5" aria-hidden />
      </span>
      <h3 className="mt-4 text-[15px] font-semibold text-slate-900">No projects yet</h3>
      <p className="mt-1 max-w-sm text-sm text-slate-500">
        Start from scratch, or describe a goal and let Helm draft the project and its tasks.
      </p>
      <div className="mt-5 flex flex-col gap-2 sm:flex-row">
        <Button variant="secondary" onClick={onNew}>
          <Plus aria-hidden />
          New project
        </Button>
        <Button variant="primary" onClick={onGenerate}>
          <WandSparkles aria-hidden />
          Generate with AI · {GENERATE_COST} credits
        </Button>
      </div>
    </div>
  );
}
