import { useQuery } from "convex/react";
import { Skeleton } from "@/components/ui/spinner";
import { formatMicroUsd } from "@/lib/format";
import { api } from "../../../../convex/_generated/api";

const n = (value: number) => value.toLocaleString("en-US");


/** This month's chat replies and tokens by model, in total and per UTC day. */
export function ModelUsage() {
  const usage = useQuery(api.usage.byModel);
  const labels = new Map(usage?.models.map((m) => [m.modelId, m.label]));
  const days = usage ? [...usage.days].sort((a, b) => b.day - a.day || a.modelId.localeCompare(b.modelId)) : [];
  const monthName = usage
    ? new Date(usage.monthStart).toLocaleDateString(undefined, { month: "short", timeZone: "UTC" })
    : "";
  return (
    <section aria-labelledby="model-usage-title" className="rounded-2xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5">
      <h2 id="model-usage-title" className="text-[15px] font-semibold text-slate-900">
        Chat by model
      </h2>
      <p className="text-[13px] text-slate-500">Replies and tokens this month · days in UTC · cost is the provider's estimate</p>
      {!usage ? (
        <Skeleton className="mt-4 h-24 w-full" />
      ) : usage.models.length === 0 ? (
        <p className="mt-4 text-sm text-slate-500">No chat replies yet this month.</p>
      ) : (
        <>
          {/* Focusable, so the wide table can be scrolled by keyboard on a phone. */}
          <div className="mt-4 overflow-x-auto" tabIndex={0} role="region" aria-label="Chat by model, scrollable">
            <table className="w-full min-w-[32rem] text-left text-sm" data-testid="model-usage">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="py-1.5 pr-3 font-medium">Model</th>
                  <th className="py-1.5 pr-3 text-right font-medium">Replies</th>
                  <th className="py-1.5 pr-3 text-right font-medium">Input tokens</th>
                  <th className="py-1.5 pr-3 text-right font-medium">Output tokens</th>
                  <th className="py-1.5 text-right font-medium">Est. cost</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 tabular-nums text-slate-700">
                {usage.models.map((m) => (
                  <tr key={m.modelId}>
                    <td className="py-2 pr-3 font-medium text-slate-900">{m.label}</td>
                    <td className="py-2 pr-3 text-right">{n(m.replies)}</td>
                    <td className="py-2 pr-3 text-right">{n(m.inputTokens)}</td>
                    <td className="py-2 pr-3 text-right">
                      {n(m.outputTokens)}
                      {m.reasoningTokens > 0 && <span className="block text-xs text-slate-500">{n(m.reasoningTokens)} reasoning</span>}
                    </td>
                    <td className="py-2 text-right">{formatMicroUsd(m.costMicroUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer rounded text-[13px] font-medium text-slate-600 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500">
              By day
            </summary>
            <ul className="mt-2 divide-y divide-slate-100" data-testid="model-usage-days">
              {days.map((d) => (
                <li key={`${d.day}-${d.modelId}`} className="flex justify-between gap-3 py-1.5 text-slate-700">
                  <span>
                    {monthName} {d.day} · {labels.get(d.modelId) ?? d.modelId}
                  </span>
                  <span className="tabular-nums text-slate-500">
                    {n(d.replies)} {d.replies === 1 ? "reply" : "replies"} · {n(d.inputTokens + d.outputTokens)} tokens
                  </span>
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </section>
  );
}
