import { useMemo, useState, type ReactNode } from "react";
import { useBalance } from "./balance";
import { InsufficientCreditsDialog, type InsufficientCreditsInfo } from "./insufficient-credits-dialog";
import { CreditGuardContext } from "./use-credit-guard";

/** Hosts the one insufficient-credits dialog that `useCreditGuard` opens. */
export function CreditGuardProvider({ children }: { children: ReactNode }) {
  const balance = useBalance();
  const [info, setInfo] = useState<InsufficientCreditsInfo | null>(null);
  const value = useMemo(() => ({ balance, show: setInfo }), [balance]);
  return (
    <CreditGuardContext.Provider value={value}>
      {children}
      <InsufficientCreditsDialog info={info} onClose={() => setInfo(null)} />
    </CreditGuardContext.Provider>
  );
}
