import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { toast } from "sonner";
import { api } from "../../../../convex/_generated/api";

export type Job = FunctionReturnType<typeof api.projects.jobs.recent>[number];

/**
 * The generation and URL jobs to show on the dashboard: anything still
 * running (even from before a reload) and failures of jobs started here
 * until dismissed. A job started here that succeeds gets a toast once.
 */
export function useJobs() {
  const recent = useQuery(api.projects.jobs.recent);
  const navigate = useNavigate();
  const [watched, setWatched] = useState<ReadonlySet<string>>(new Set());
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const announced = useRef(new Set<string>());

  useEffect(() => {
    for (const job of recent ?? []) {
      if (job.status !== "succeeded" || !watched.has(job._id) || announced.current.has(job._id)) continue;
      announced.current.add(job._id);
      const projectId = job.projectId;
      toast.success(job.kind === "projectGeneration" ? "Project created" : "Page added", {
        description:
          job.kind === "projectGeneration" ? "Your plan and its tasks are ready." : "The page is attached to its project.",
        action: projectId ? { label: "Open", onClick: () => navigate(`/projects/${projectId}`) } : undefined,
      });
    }
  }, [recent, watched, navigate]);

  const jobs = useMemo(
    () =>
      (recent ?? []).filter(
        (job) =>
          !dismissed.has(job._id) &&
          (job.status === "pending" ||
            job.status === "running" ||
            (job.status === "failed" && watched.has(job._id))),
      ),
    [recent, dismissed, watched],
  );

  const watch = useCallback((jobId: string) => setWatched((prev) => new Set(prev).add(jobId)), []);
  const dismiss = useCallback((jobId: string) => setDismissed((prev) => new Set(prev).add(jobId)), []);
  return { jobs, watch, dismiss };
}
