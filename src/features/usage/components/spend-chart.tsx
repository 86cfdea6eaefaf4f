import { cn } from "@/lib/cn";
import { formatCredits } from "@/lib/format";
import { ACTION_ORDER, ACTIONS } from "../lib/actions";
import { axisDays, niceMax } from "../lib/chart";

export type DaySpend = { day: number; chat: number; projectGeneration: number; urlScrape: number; total: number };

type Props = { days: DaySpend[]; today: number; monthStart: number };

const monthName = (monthStart: number) =>
  new Date(monthStart).toLocaleDateString(undefined, { month: "short", timeZone: "UTC" });

/**
 * Credits spent per day of the month as stacked CSS bars (by action), with
 * a hover/focus tooltip per day and an equivalent table for screen readers.
 */
export function SpendChart({ days, today, monthStart }: Props) {
  const max = niceMax(Math.max(0, ...days.map((day) => day.total)));
  const month = monthName(monthStart);
  // Today is always labelled; fixed labels too close to it would collide.
  const labelled = new Set([today, ...axisDays(days.length).filter((day) => Math.abs(day - today) > 2)]);
  return (
    <figure>
      <div className="relative">
        <div className="pointer-events-none absolute inset-x-0 top-0 flex h-40 flex-col justify-between" aria-hidden>
          {[max, max / 2, 0].map((value) => (
            <div key={value} className="flex items-center gap-2">
              <span className="w-6 shrink-0 text-right text-[10px] tabular-nums text-slate-500">{value}</span>
              <span className={cn("h-px flex-1", value === 0 ? "bg-slate-200" : "border-t border-dashed border-slate-200")} />
            </div>
          ))}
        </div>
        <div className="relative ml-8 flex h-40 items-end gap-[2px] sm:gap-1" aria-hidden data-testid="spend-chart">
          {days.map((day) => (
            <Bar
              key={day.day}
              day={day}
              max={max}
              future={day.day > today}
              isToday={day.day === today}
              month={month}
              align={day.day <= 3 ? "start" : day.day > days.length - 3 ? "end" : "center"}
            />
          ))}
        </div>
        <div className="ml-8 mt-1.5 flex gap-[2px] sm:gap-1" aria-hidden>
          {days.map((day) => (
            <span
              key={day.day}
              className={cn(
                "min-w-0 flex-1 text-center text-[10px] tabular-nums",
                day.day === today ? "font-semibold text-slate-900" : "text-slate-500",
              )}
            >
              {labelled.has(day.day) ? day.day : ""}
            </span>
          ))}
        </div>
      </div>
      <figcaption className="sr-only">Credits spent per day in {month}, by action (UTC days)</figcaption>
      <div className="sr-only">
        <table>
          <caption>Credits spent per day in {month}</caption>
          <thead>
            <tr>
              <th>Day</th>
              <th>Total</th>
              {ACTION_ORDER.map((action) => (
                <th key={action}>{ACTIONS[action].label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days
              .filter((day) => day.total !== 0)
              .map((day) => (
                <tr key={day.day}>
                  <td>
                    {month} {day.day}
                  </td>
                  <td>{day.total}</td>
                  {ACTION_ORDER.map((action) => (
                    <td key={action}>{day[action]}</td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

type BarProps = {
  day: DaySpend;
  max: number;
  future: boolean;
  isToday: boolean;
  month: string;
  /** Where the tooltip hangs, so the first and last days' stay on screen. */
  align: "start" | "center" | "end";
};

const TOOLTIP_ALIGN = { start: "left-0", center: "left-1/2 -translate-x-1/2", end: "right-0" } as const;

function Bar({ day, max, future, isToday, month, align }: BarProps) {
  const height = (value: number) => `${(Math.max(0, value) / max) * 100}%`;
  return (
    <div className="group relative flex h-full min-w-0 flex-1 flex-col justify-end" data-day={day.day} data-total={day.total}>
      <div
        className={cn(
          "flex w-full flex-col-reverse overflow-hidden rounded-t-[3px] transition-opacity",
          day.total > 0 ? "group-hover:opacity-80" : "",
        )}
        style={{ height: day.total > 0 ? height(day.total) : undefined }}
      >
        {day.total > 0 &&
          ACTION_ORDER.map((action) =>
            day[action] > 0 ? (
              <div key={action} className={ACTIONS[action].bar} style={{ height: `${(day[action] / day.total) * 100}%` }} />
            ) : null,
          )}
      </div>
      {day.total <= 0 && (
        <div className={cn("h-[3px] w-full rounded-full", future ? "bg-slate-100" : isToday ? "bg-slate-300" : "bg-slate-200")} />
      )}
      {!future && (
        <div
          className={cn(
            "pointer-events-none absolute bottom-full z-10 mb-2 hidden whitespace-nowrap rounded-lg bg-slate-900 px-2.5 py-1.5 text-xs text-white shadow-lg group-hover:block",
            TOOLTIP_ALIGN[align],
          )}
        >
          <p className="font-semibold">
            {month} {day.day} · {formatCredits(day.total)}
          </p>
          {ACTION_ORDER.filter((action) => day[action] !== 0).map((action) => (
            <p key={action} className="text-slate-300">
              {ACTIONS[action].label}: {day[action]}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}
