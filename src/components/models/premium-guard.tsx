import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { useBalance } from "@/components/credits/balance";
import { errorCode } from "@/lib/errors";
import { PremiumLimitDialog, type PremiumLimitInfo } from "./premium-limit-dialog";
import { standardModel, useModels, type ModelOption } from "./use-models";

type Show = (info: PremiumLimitInfo) => void;
type Quota = { remaining: number; limit: number; resetsAt: number } | null;
const PremiumGuardContext = createContext<{ show: Show; quota: Quota; fallback?: ModelOption } | null>(null);

function useQuota(): Quota {
  const balance = useBalance();
  return balance?.premium ? { ...balance.premium, resetsAt: balance.resetsAt } : null;
}

/** Hosts the one premium-limit dialog that `usePremiumGuard` opens. */
export function PremiumGuardProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<PremiumLimitInfo | null>(null);
  const quota = useQuota();
  const models = useModels();
  const fallback = standardModel(models);
  const value = useMemo(() => ({ show: setInfo, quota, fallback }), [quota, fallback]);
  return (
    <PremiumGuardContext.Provider value={value}>
      {children}
      <PremiumLimitDialog info={info} onClose={() => setInfo(null)} />
    </PremiumGuardContext.Provider>
  );
}

export type PremiumGuard = {
  /** True unless `model` is premium and the month's premium messages are used up (then the dialog opens). */
  ensurePremium: (model: ModelOption | undefined, onUseStandard?: (modelId: string) => void) => boolean;
  /** Opens the dialog for a PREMIUM_LIMIT error; returns whether it did. */
  handlePremiumError: (error: unknown, onUseStandard?: (modelId: string) => void) => boolean;
};

/** The premium cap before sending, and the server's PREMIUM_LIMIT after. Inert outside the provider. */
export function usePremiumGuard(): PremiumGuard {
  const ctx = useContext(PremiumGuardContext);
  const open = (limit: number, resetsAt: number, onUseStandard?: (modelId: string) => void) => {
    const standard = ctx?.fallback ? { id: ctx.fallback.id, label: ctx.fallback.label } : undefined;
    ctx?.show({ limit, resetsAt, standard, onUseStandard });
  };
  return {
    ensurePremium: (model, onUseStandard) => {
      const quota = ctx?.quota;
      if (!ctx || model?.tier !== "premium" || !quota || quota.remaining > 0) return true;
      open(quota.limit, quota.resetsAt, onUseStandard);
      return false;
    },
    handlePremiumError: (error, onUseStandard) => {
      if (!ctx || errorCode(error) !== "PREMIUM_LIMIT") return false;
      const data = (error as { data: Record<string, unknown> }).data;
      open(Number(data.limit) || 20, Number(data.resetsAt) || 0, onUseStandard);
      return true;
    },
  };
}
