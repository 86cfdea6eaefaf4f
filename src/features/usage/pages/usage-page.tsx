import { useQuery } from "convex/react";
import { Link } from "react-router";
import { LOW_BALANCE, useBalance } from "@/components/credits/balance";
import { buttonClasses } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/spinner";
import { formatResetDate } from "@/lib/format";
import { api } from "../../../../convex/_generated/api";
import { LedgerList } from "../components/ledger-list";
import { ModelUsage } from "../components/model-usage";
import { SpendChart } from "../components/spend-chart";
import { ACTION_ORDER, ACTIONS } from "../lib/actions";
import { usePageTitle } from "@/lib/use-page-title";

/** "/usage": balance at a glance, this month's spending per day, and the ledger. */
export function UsagePage() {
  usePageTitle("Usage");
  const balance = useBalance();
  const chart = useQuery(api.usage.spendByDay);
  const month = chart
    ? new Date(chart.monthStart).toLocaleDateString(undefined, { month: "long", year: "numeric", timeZone: "UTC" })
    : "";
  const byAction = chart
    ? ACTION_ORDER.map((action) => ({ action, total: chart.days.reduce((sum, day) => sum + day[action], 0) }))
    : [];

  return (
    <div className="mx-auto w-full max-w-5xl px-4 py-6 sm:px-6 sm:py-10">
      <header className="flex items-start justify-between gap-3 sm:items-end">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Usage</h1>
          <p className="mt-1 text-sm text-slate-500">Where your credits went, day by day and action by action.</p>
        </div>
        {balance && !balance.unlimited && (
          <Link
            to="/pricing"
            className={buttonClasses(balance.remaining < LOW_BALANCE ? "accent" : "secondary", "sm", "mt-1 sm:mt-0")}
          >
            Buy credits
          </Link>
        )}
      </header>

      <dl className="mt-6 grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Balance" value={balance ? (balance.unlimited ? "Unlimited" : balance.remaining.toLocaleString()) : null} testId="usage-balance" />
        <Stat label="Spent this month" value={chart ? chart.totalSpent.toLocaleString() : null} testId="usage-spent" />
        <Stat
          label="Allowance left"
          value={balance ? (balance.unlimited ? "—" : `${balance.allowance} / ${balance.allowanceTotal}`) : null}
        />
        <Stat label="Next reset" value={balance ? formatResetDate(balance.resetsAt) : null} small />
      </dl>

      <section aria-labelledby="chart-title" className="mt-4 rounded-2xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
          <div>
            <h2 id="chart-title" className="text-[15px] font-semibold text-slate-900">
              Credits spent per day
            </h2>
            <p className="text-[13px] text-slate-500">{month ? `${month} · days in UTC` : " "}</p>
          </div>
          {chart && (
            <ul className="flex flex-wrap gap-x-4 gap-y-1 text-[13px] text-slate-600">
              {byAction.map(({ action, total }) => (
                <li key={action} className="inline-flex items-center gap-1.5">
                  <span className={`size-2 rounded-sm ${ACTIONS[action].dot}`} aria-hidden />
                  {ACTIONS[action].label}
                  <span className="font-semibold tabular-nums text-slate-900">{total}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="mt-6">
          {chart ? (
            <SpendChart days={chart.days} today={chart.today} monthStart={chart.monthStart} />
          ) : (
            <Skeleton className="h-48 w-full" />
          )}
        </div>
      </section>

      {balance?.premium && (
        <p className="mt-3 text-sm text-slate-600" data-testid="usage-premium">
          Premium models: <span className="font-semibold tabular-nums text-slate-900">{balance.premium.remaining} of {balance.premium.limit}</span>{" "}
          messages left this month.
        </p>
      )}

      <div className="mt-4">
        <ModelUsage />
      </div>

      <div className="mt-4">
        <LedgerList />
      </div>
    </div>
  );
}

function Stat({ label, value, small, testId }: { label: string; value: string | null; small?: boolean; testId?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-xs">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd
        data-testid={testId}
        className={small ? "mt-1 text-[15px] font-semibold text-slate-900" : "mt-1 text-xl font-semibold tabular-nums text-slate-900"}
      >
        {value ?? <Skeleton className="h-6 w-16" />}
      </dd>
    </div>
  );
}
