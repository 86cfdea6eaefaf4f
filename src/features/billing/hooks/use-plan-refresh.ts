import { useAction } from "convex/react";
import { useCallback, useState } from "react";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";

/** Re-reads Pro status from the billing provider (the balance query then updates by itself). */
export function usePlanRefresh() {
  const refreshPlan = useAction(api.billing.plan.refresh);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    setRefreshing(true);
    setError(null);
    try {
      return await refreshPlan({});
    } catch (e) {
      setError(errorMessage(e));
      return null;
    } finally {
      setRefreshing(false);
    }
  }, [refreshPlan]);
  return { refresh, refreshing, error };
}
