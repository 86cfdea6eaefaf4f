import { ChevronRight, Coins, Infinity as InfinityIcon } from "lucide-react";
import { Link } from "react-router";
import { creditLevel, LOW_BALANCE, useBalance, type Balance, type CreditLevel } from "@/components/credits/balance";
import { CreditBar } from "@/components/credits/credit-bar";
import { buttonClasses } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/spinner";
import { cn } from "@/lib/cn";
import { formatResetDate } from "@/lib/format";
import { Card, CardHeader } from "./card";

const BAR: Record<CreditLevel, string> = {
  green: "bg-emerald-500",
  yellow: "bg-amber-500",
  red: "bg-red-500",
  unlimited: "bg-violet-500",
};

/** Balance, how it splits, when it resets, and where to see or buy more. */
export function CreditsCard() {
  const balance = useBalance();
  return (
    <Card aria-labelledby="credits-title" className="flex flex-col">
      <CardHeader
        id="credits-title"
        icon={<Coins className="size-4" aria-hidden />}
        iconClassName="bg-amber-50 text-amber-600"
        title="Credits"
        action={
          balance && (
            <span
              className={cn(
                "rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
                balance.unlimited
                  ? "bg-violet-50 text-violet-700 ring-violet-200"
                  : "bg-slate-50 text-slate-600 ring-slate-200",
              )}
            >
              {balance.unlimited ? "Pro" : "Free plan"}
            </span>
          )
        }
      />
      {balance ? <CreditsBody balance={balance} /> : <CreditsSkeleton />}
    </Card>
  );
}

function CreditsBody({ balance }: { balance: Balance }) {
  const level = creditLevel(balance);
  return (
    <div className="flex flex-1 flex-col px-4 pb-4 sm:px-5 sm:pb-5">
      {balance.unlimited ? (
        <p className="flex items-center gap-2 text-3xl font-semibold tracking-tight text-slate-900">
          <InfinityIcon className="size-7 text-violet-500" aria-hidden />
          Unlimited
        </p>
      ) : (
        <p className="flex items-baseline gap-2">
          <span data-testid="dashboard-balance" className="text-4xl font-semibold tracking-tight tabular-nums text-slate-900">
            {balance.remaining.toLocaleString()}
          </span>
          <span className="text-sm text-slate-500">credits left</span>
        </p>
      )}
      {!balance.unlimited && <CreditBar balance={balance} allowanceColour={BAR[level]} className="mt-4" />}
      <dl className="mt-4 space-y-2 text-sm">
        {balance.unlimited ? (
          <Row label="Plan" value="Pro · actions are still logged" />
        ) : (
          <>
            <Row label="Monthly allowance" value={`${balance.allowance} / ${balance.allowanceTotal}`} />
            <Row label="Purchased" value={balance.purchased.toLocaleString()} />
          </>
        )}
        <Row label="Next reset" value={formatResetDate(balance.resetsAt)} />
      </dl>
      <div className="mt-auto flex items-center gap-2 pt-5">
        <Link to="/usage" className={buttonClasses("secondary", "sm", "flex-1")}>
          View usage
          <ChevronRight aria-hidden />
        </Link>
        {!balance.unlimited && (
          // Running low: buying is the next thing to do, so it looks like it.
          <Link
            to="/pricing"
            className={buttonClasses(balance.remaining < LOW_BALANCE ? "accent" : "ghost", "sm", "flex-1")}
          >
            Buy credits
          </Link>
        )}
      </div>
    </div>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex items-center justify-between gap-3">
      <dt className="text-slate-500">{label}</dt>
      <dd className="font-medium tabular-nums text-slate-800">{value}</dd>
    </div>
  );
}

function CreditsSkeleton() {
  return (
    <div className="space-y-3 px-4 pb-5 sm:px-5" aria-hidden>
      <Skeleton className="h-10 w-28" />
      <Skeleton className="h-1.5 w-full" />
      <Skeleton className="h-4 w-full" />
      <Skeleton className="h-4 w-2/3" />
    </div>
  );
}
