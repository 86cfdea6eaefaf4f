import { Link } from "react-router";
import { PROJECT_SOURCE, type ProjectSource } from "@/components/projects/project-source";
import { cn } from "@/lib/cn";
import { projectPath } from "@/features/projects/lib/project-path";
import type { Id } from "../../../../convex/_generated/dataModel";
import { timeAgo } from "../lib/time-ago";

export type ProjectSummary = {
  _id: Id<"projects">;
  name: string;
  description: string;
  source: ProjectSource;
  updatedAt: number;
  taskCount: number;
  doneCount: number;
  displayId?: string;
};


/** One project in the dashboard grid: name, gist, progress, last activity. */
export function ProjectCard({ project }: { project: ProjectSummary }) {
  const source = PROJECT_SOURCE[project.source];
  const Icon = source.icon;
  const progress = project.taskCount > 0 ? project.doneCount / project.taskCount : 0;
  return (
    <Link
      to={projectPath(project)}
      data-testid="project-card"
      className="group flex h-full flex-col rounded-xl border border-slate-200 bg-white p-4 shadow-xs transition hover:border-slate-300 hover:shadow-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
    >
      <div className="flex items-start gap-3">
        <span className={cn("grid size-8 shrink-0 place-items-center rounded-lg", source.tint)} title={source.label}>
          <Icon className="size-4" aria-hidden />
          <span className="sr-only">{source.label}</span>
        </span>
        <div className="min-w-0 flex-1">
          <h3 className="truncate text-[15px] font-semibold text-slate-900 group-hover:text-blue-700">{project.name}</h3>
          <p className="mt-0.5 line-clamp-2 min-h-10 text-[13px] leading-5 text-slate-500">
            {project.description || "No description"}
          </p>
        </div>
      </div>
      <div className="mt-4 flex items-center gap-3 text-xs text-slate-500">
        <div className="h-1 flex-1 overflow-hidden rounded-full bg-slate-100" aria-hidden>
          <div className="h-full rounded-full bg-emerald-500" style={{ width: `${progress * 100}%` }} />
        </div>
        <span className="shrink-0 tabular-nums">
          {project.taskCount === 0 ? "No tasks" : `${project.doneCount}/${project.taskCount} done`}
        </span>
        <span aria-hidden className="text-slate-300">
          ·
        </span>
        <span className="shrink-0">{timeAgo(project.updatedAt)}</span>
      </div>
    </Link>
  );
}
