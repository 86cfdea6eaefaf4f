import { usePaginatedQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { ArrowDownLeft, CalendarClock, Gift, RotateCcw, ShoppingCart, Wrench, type LucideIcon } from "lucide-react";
import { Link } from "react-router";
import { Button } from "@/components/ui/button";
import { Skeleton, Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/cn";
import { api } from "../../../../convex/_generated/api";
import { ACTIONS } from "../lib/actions";

type Row = FunctionReturnType<typeof api.usage.history>["page"][number];

const PAGE_SIZE = 25;

const KIND_ICONS: Record<Row["kind"], { icon: LucideIcon; tint: string }> = {
  signup_grant: { icon: Gift, tint: "bg-emerald-50 text-emerald-600" },
  monthly_reset: { icon: CalendarClock, tint: "bg-emerald-50 text-emerald-600" },
  debit: { icon: ArrowDownLeft, tint: "bg-slate-100 text-slate-500" },
  refund: { icon: RotateCcw, tint: "bg-sky-50 text-sky-600" },
  purchase: { icon: ShoppingCart, tint: "bg-emerald-50 text-emerald-600" },
  admin_adjust: { icon: Wrench, tint: "bg-slate-100 text-slate-500" },
};

function iconFor(row: Row) {
  if (row.kind === "debit" && row.action) return { icon: ACTIONS[row.action].icon, tint: ACTIONS[row.action].tint };
  return KIND_ICONS[row.kind];
}

const when = (ms: number) =>
  new Date(ms).toLocaleString(undefined, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

/** The credit ledger, newest first, paginated, saying what each row was for. */
export function LedgerList() {
  const ledger = usePaginatedQuery(api.usage.history, {}, { initialNumItems: PAGE_SIZE });
  return (
    <section aria-labelledby="ledger-title" className="rounded-2xl border border-slate-200 bg-white shadow-xs">
      <div className="flex items-baseline justify-between gap-3 border-b border-slate-100 px-4 py-3 sm:px-5">
        <h2 id="ledger-title" className="text-[15px] font-semibold text-slate-900">
          Activity
        </h2>
        <p className="text-xs text-slate-500">Every change to your balance</p>
      </div>
      <div className="hidden grid-cols-[minmax(0,1fr)_9rem_5rem_5rem] gap-4 border-b border-slate-100 px-5 py-2 text-xs font-medium text-slate-500 sm:grid">
        <span>Description</span>
        <span>Date</span>
        <span className="text-right">Credits</span>
        <span className="text-right">Balance</span>
      </div>
      {ledger.status === "LoadingFirstPage" ? (
        <div className="space-y-3 p-5" aria-hidden>
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} className="h-9 w-full" />
          ))}
        </div>
      ) : ledger.results.length === 0 ? (
        <p className="px-5 py-10 text-center text-sm text-slate-500">No activity yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="ledger">
          {ledger.results.map((row) => (
            <LedgerRow key={row._id} row={row} />
          ))}
        </ul>
      )}
      {(ledger.status === "CanLoadMore" || ledger.status === "LoadingMore") && (
        <div className="flex justify-center border-t border-slate-100 p-2">
          <Button variant="ghost" size="sm" disabled={ledger.status === "LoadingMore"} onClick={() => ledger.loadMore(PAGE_SIZE)}>
            {ledger.status === "LoadingMore" && <Spinner className="size-3.5" />}
            Show older activity
          </Button>
        </div>
      )}
    </section>
  );
}

function LedgerRow({ row }: { row: Row }) {
  const { icon: Icon, tint } = iconFor(row);
  const href =
    row.link?.type === "chat" ? `/chat/${row.link.displayId}` : row.link ? `/projects/${row.link.projectId}` : null;
  // Pro debits move nothing but still record what the action was worth.
  const nominal = row.kind === "debit" && row.amount === 0 && row.cost ? row.cost : null;
  return (
    <li
      data-testid="ledger-row"
      data-kind={row.kind}
      className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-x-4 gap-y-0.5 px-4 py-3 sm:grid-cols-[minmax(0,1fr)_9rem_5rem_5rem] sm:px-5"
    >
      <div className="flex min-w-0 items-center gap-3">
        <span className={cn("grid size-8 shrink-0 place-items-center rounded-lg", tint)}>
          <Icon className="size-4" aria-hidden />
        </span>
        <div className="min-w-0">
          <p className="truncate text-sm font-medium text-slate-900">{row.title}</p>
          {row.detail &&
            (href ? (
              <Link to={href} className="block truncate text-[13px] text-slate-500 hover:text-blue-700 hover:underline">
                {row.detail}
              </Link>
            ) : (
              <p className="truncate text-[13px] text-slate-500">{row.detail}</p>
            ))}
          <p className="text-xs text-slate-500 sm:hidden">{when(row.createdAt)}</p>
        </div>
      </div>
      <time dateTime={new Date(row.createdAt).toISOString()} className="hidden text-[13px] text-slate-500 sm:block">
        {when(row.createdAt)}
      </time>
      <div className="text-right">
        <span
          className={cn(
            "text-sm font-semibold tabular-nums",
            row.amount > 0 ? "text-emerald-700" : row.amount < 0 ? "text-slate-900" : "text-slate-500",
          )}
        >
          {row.amount > 0 ? `+${row.amount}` : row.amount < 0 ? `−${Math.abs(row.amount)}` : "0"}
        </span>
        {nominal && <span className="block text-[11px] text-slate-500">worth {nominal}</span>}
        <span className="block text-[11px] tabular-nums text-slate-500 sm:hidden">bal. {row.balanceAfter}</span>
      </div>
      <span className="hidden text-right text-[13px] tabular-nums text-slate-500 sm:block">{row.balanceAfter}</span>
    </li>
  );
}
