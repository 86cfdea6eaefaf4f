import { useMutation, useQuery } from "convex/react";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { useCreditGuard, useIsUnlimited } from "@/components/credits/use-credit-guard";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";

export const SCRAPE_COST = 5;
const ACTION = "Adding a page from a URL";

/**
 * Starts a scrape for this project and follows its job live. `error` is a
 * plain sentence from either the start (bad address, no credits) or the job
 * (refused, too large, timed out…), which has already been refunded.
 */
export function useAddSource(projectId: Id<"projects">) {
  const guard = useCreditGuard();
  const unlimited = useIsUnlimited();
  const start = useMutation(api.projects.scrape.start);
  const [jobId, setJobId] = useState<Id<"aiJobs"> | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const attempt = useRef<{ url: string; id: string } | null>(null);
  const job = useQuery(api.projects.jobs.get, jobId ? { jobId } : "skip");

  const succeeded = job?.status === "succeeded";
  useEffect(() => {
    if (succeeded) toast.success("Page added", { description: "Its text is saved on this project." });
  }, [succeeded]);

  async function add(url: string): Promise<boolean> {
    if (!guard.ensureCredits(SCRAPE_COST, ACTION)) return false;
    const id = attempt.current?.url === url ? attempt.current.id : crypto.randomUUID();
    attempt.current = { url, id };
    setStarting(true);
    setStartError(null);
    try {
      const result = await start({ projectId, url, clientRequestId: id });
      attempt.current = null;
      setJobId(result.jobId);
      return true;
    } catch (error) {
      if (!guard.handleCreditError(error, ACTION)) setStartError(errorMessage(error));
      return false;
    } finally {
      setStarting(false);
    }
  }

  const running = starting || job?.status === "pending" || job?.status === "running";
  const jobError =
    job?.status === "failed"
      ? `${job.error ?? "That page couldn't be added."}${unlimited ? "" : ` Your ${SCRAPE_COST} credits were refunded.`}`
      : null;
  return { add, running, error: startError ?? jobError, done: succeeded, jobId };
}
