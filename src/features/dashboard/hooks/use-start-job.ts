import { useRef, useState } from "react";
import { useCreditGuard } from "@/components/credits/use-credit-guard";
import { errorMessage } from "@/lib/errors";

/**
 * Runs a paid job-starting mutation: credit pre-check, one request key per
 * attempt (re-used when the same input is retried, so it never charges
 * twice), INSUFFICIENT_CREDITS to the blocking dialog, anything else to
 * `error` as a plain sentence.
 */
export function useStartJob<Args extends { clientRequestId: string }>(
  mutate: (args: Args) => Promise<{ jobId: string }>,
  cost: { credits: number; action: string },
) {
  const guard = useCreditGuard();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const attempt = useRef<{ key: string; id: string } | null>(null);

  const canAfford = () => guard.ensureCredits(cost.credits, cost.action);

  async function run(args: Omit<Args, "clientRequestId">): Promise<string | null> {
    const key = JSON.stringify(args);
    const id = attempt.current?.key === key ? attempt.current.id : crypto.randomUUID();
    attempt.current = { key, id };
    setPending(true);
    setError(null);
    try {
      const { jobId } = await mutate({ ...args, clientRequestId: id } as Args);
      attempt.current = null;
      return jobId;
    } catch (caught) {
      if (!guard.handleCreditError(caught, cost.action)) setError(errorMessage(caught));
      return null;
    } finally {
      setPending(false);
    }
  }

  return { run, pending, error, clearError: () => setError(null), canAfford };
}
