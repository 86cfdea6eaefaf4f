import { useQuery } from "convex/react";
import { FolderX } from "lucide-react";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { buttonClasses } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/spinner";
import { usePageTitle } from "@/lib/use-page-title";
import { api } from "../../../../convex/_generated/api";
import { ProjectHeader } from "../components/project-header";
import { projectPath } from "../lib/project-path";
import { SourcesPanel } from "../components/sources-panel";
import { TaskList } from "../components/task-list";

/** "/projects/:projectId" (a display id, or an id): a project's tasks and attached pages. */
export function ProjectPage() {
  const { projectId = "" } = useParams();
  const project = useStickyProject(projectId);
  usePageTitle(project === null ? "Project not found" : (project?.name ?? "Project"));
  const navigate = useNavigate();
  const canonical = project ? projectPath(project) : undefined;
  // Links made from an id (a new project, a finished job, an old bookmark) settle on the readable address.
  useEffect(() => {
    if (canonical && canonical !== `/projects/${projectId}`) void navigate(canonical, { replace: true });
  }, [canonical, projectId, navigate]);

  if (project === undefined) return <ProjectSkeleton />;
  if (project === null) return <ProjectNotFound />;
  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
      <ProjectHeader project={project} />
      <div className="mt-8 grid grid-cols-1 items-start gap-4 lg:grid-cols-3">
        <div className="min-w-0 lg:col-span-2">
          <TaskList projectId={project._id} />
        </div>
        <SourcesPanel projectId={project._id} />
      </div>
    </div>
  );
}

/**
 * The project at `projectId`. Settling on the readable address changes the query's arguments, and a fresh
 * subscription answers `undefined` until it loads: keep showing the project already loaded when the new
 * address names it, so the page (and any menu or dialog open on it) is not swapped for a skeleton.
 */
function useStickyProject(projectId: string) {
  const live = useQuery(api.projects.projects.get, { projectId });
  const [known, setKnown] = useState(live);
  if (live !== undefined && live !== known) setKnown(live);
  if (live === undefined && known && (known._id === projectId || known.displayId === projectId)) return known;
  return live;
}

function ProjectSkeleton() {
  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6" aria-busy="true">
      <Skeleton className="h-4 w-24" />
      <div className="mt-5 flex gap-4">
        <Skeleton className="size-11 rounded-xl" />
        <div className="flex-1 space-y-2">
          <Skeleton className="h-7 w-64 max-w-full" />
          <Skeleton className="h-4 w-96 max-w-full" />
        </div>
      </div>
      <div className="mt-8 grid gap-4 lg:grid-cols-3">
        <Skeleton className="h-72 rounded-2xl lg:col-span-2" />
        <Skeleton className="h-48 rounded-2xl" />
      </div>
    </div>
  );
}

function ProjectNotFound() {
  return (
    <div className="grid h-full place-items-center p-6">
      <div className="max-w-sm text-center">
        <span className="mx-auto grid size-12 place-items-center rounded-2xl bg-slate-100 text-slate-500">
          <FolderX className="size-6" aria-hidden />
        </span>
        <h1 className="mt-4 text-xl font-semibold tracking-tight text-slate-900">Project not found</h1>
        <p className="mt-2 text-sm text-slate-600">It may have been deleted, or the link is wrong.</p>
        <Link to="/" className={buttonClasses("primary", "md", "mt-6")}>
          Back to dashboard
        </Link>
      </div>
    </div>
  );
}
