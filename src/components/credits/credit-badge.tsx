import { Infinity as InfinityIcon, Zap } from "lucide-react";
import { Link } from "react-router";
import { buttonClasses } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Skeleton } from "@/components/ui/spinner";
import { cn } from "@/lib/cn";
import { creditWord, formatResetDate } from "@/lib/format";
import { creditLevel, proStatusLabel, useBalance, type Balance, type CreditLevel } from "./balance";
import { CreditBar } from "./credit-bar";

const LEVEL_STYLES: Record<CreditLevel, { pill: string; dot: string; bar: string }> = {
  green: { pill: "bg-emerald-50 text-emerald-800 ring-emerald-200", dot: "bg-emerald-500", bar: "bg-emerald-500" },
  yellow: { pill: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500", bar: "bg-amber-500" },
  red: { pill: "bg-red-50 text-red-700 ring-red-200", dot: "bg-red-500", bar: "bg-red-500" },
  unlimited: { pill: "bg-violet-50 text-violet-800 ring-violet-200", dot: "bg-violet-500", bar: "bg-violet-500" },
};

/** The navbar balance: live from the server, with the details in a popover. */
export function CreditBadge() {
  const balance = useBalance();
  if (!balance) return <Skeleton className="h-8 w-24 rounded-full" />;
  return <CreditBadgeView balance={balance} />;
}

export function CreditBadgeView({ balance }: { balance: Balance }) {
  const level = creditLevel(balance);
  const styles = LEVEL_STYLES[level];
  const label = balance.unlimited ? "Unlimited" : balance.remaining.toLocaleString();
  return (
    <Popover>
      <PopoverTrigger
        data-testid="credit-badge"
        data-level={level}
        // Starts with the visible text ("1,001 credits"), so speech control finds it by what it shows.
        aria-label={balance.unlimited ? "Unlimited credits" : `${label} ${creditWord(balance.remaining)} left`}
        className={cn(
          "inline-flex h-8 items-center gap-1.5 rounded-full px-3 text-[13px] font-semibold tabular-nums ring-1 ring-inset transition-colors",
          "hover:brightness-[0.97] focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2",
          styles.pill,
        )}
      >
        {balance.unlimited ? (
          <InfinityIcon className="size-4" aria-hidden />
        ) : (
          <span className={cn("size-2 rounded-full", styles.dot)} aria-hidden />
        )}
        <span data-testid="credit-badge-value">{label}</span>{" "}
        {!balance.unlimited && (
          <span className="hidden font-medium sm:inline">{creditWord(balance.remaining)}</span>
        )}
      </PopoverTrigger>
      <PopoverContent aria-label="Credit details">
        <CreditDetails balance={balance} level={level} />
      </PopoverContent>
    </Popover>
  );
}

function CreditDetails({ balance, level }: { balance: Balance; level: CreditLevel }) {
  const resets = formatResetDate(balance.resetsAt);
  if (balance.unlimited) {
    return (
      <div className="space-y-3">
        <p className="font-semibold text-slate-900" data-testid="credit-badge-plan">
          {proStatusLabel(balance)}
        </p>
        <p className="text-slate-600">
          Unlimited credits: chat, project generation and imports never run out. Every action still
          shows up in your usage history.
        </p>
        {balance.purchased > 0 && (
          <p className="flex justify-between text-slate-600">
            <span>Purchased credits kept</span>
            <span className="font-medium tabular-nums text-slate-900">{balance.purchased.toLocaleString()}</span>
          </p>
        )}
        <div className="grid grid-cols-2 gap-2">
          <Link to="/usage" className={buttonClasses("secondary", "sm")}>
            Usage
          </Link>
          <Link to="/pricing" className={buttonClasses("secondary", "sm")}>
            Manage plan
          </Link>
        </div>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <div className="flex items-baseline justify-between">
        <p className="font-semibold text-slate-900">Credits</p>
        <p className="text-2xl font-semibold tabular-nums tracking-tight text-slate-900">
          {balance.remaining.toLocaleString()}
        </p>
      </div>
      <dl className="space-y-2.5 text-slate-600">
        <div>
          <div className="flex justify-between">
            <dt>Monthly allowance</dt>
            <dd className="font-medium tabular-nums text-slate-900">
              {balance.allowance} / {balance.allowanceTotal}
            </dd>
          </div>
          <CreditBar balance={balance} allowanceColour={LEVEL_STYLES[level].bar} className="mt-1.5" />
        </div>
        <div className="flex justify-between">
          <dt>Purchased credits</dt>
          <dd className="font-medium tabular-nums text-slate-900">{balance.purchased}</dd>
        </div>
        {balance.premium && (
          <div className="flex justify-between" data-testid="premium-left">
            <dt>Premium messages</dt>
            <dd className="font-medium tabular-nums text-slate-900">
              {balance.premium.remaining} of {balance.premium.limit} left
            </dd>
          </div>
        )}
        <div className="flex justify-between">
          <dt>Allowance resets</dt>
          <dd className="font-medium text-slate-900">{resets}</dd>
        </div>
      </dl>
      <p className="flex items-center gap-1.5 text-xs text-slate-500">
        <Zap className="size-3.5" aria-hidden /> A chat message costs 3 credits. Purchased credits never expire.
      </p>
      <div className="grid grid-cols-2 gap-2">
        <Link to="/usage" className={buttonClasses("secondary", "sm")}>
          Usage
        </Link>
        <Link to="/pricing" className={buttonClasses("primary", "sm")}>
          Buy more
        </Link>
      </div>
    </div>
  );
}
