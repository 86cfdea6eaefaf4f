import type { Doc, Id } from "../../_generated/dataModel";
import type { QueryCtx } from "../../_generated/server";
import type { CreditAction, LedgerRef } from "../../schema";
import { nextResetAt, startOfUtcMonth } from "./credits";

/** Upper bound on ledger rows read for one month's chart (~1,600 chats a month). */
export const MONTH_ROWS_CAP = 5000;

export type DaySpend = Record<CreditAction, number> & { day: number; total: number };

const DAY_MS = 86_400_000;

/**
 * Credits spent per UTC day of the month containing `now`, by action, net of
 * refunds. Uses the nominal cost, so Pro users (charged 0) still see what
 * their actions were worth. Reads at most MONTH_ROWS_CAP rows through the
 * by_userId index's creation-time range.
 */
export async function spendByDay(ctx: QueryCtx, userId: Id<"users">, now: number) {
  const monthStart = startOfUtcMonth(now);
  const monthEnd = nextResetAt(now);
  const daysInMonth = Math.round((monthEnd - monthStart) / DAY_MS);
  const days: DaySpend[] = Array.from({ length: daysInMonth }, (_, i) => ({
    day: i + 1,
    chat: 0,
    projectGeneration: 0,
    urlScrape: 0,
    total: 0,
  }));
  const rows = await ctx.db
    .query("creditLedger")
    .withIndex("by_userId", (q) =>
      q.eq("userId", userId).gte("_creationTime", monthStart).lt("_creationTime", monthEnd),
    )
    .take(MONTH_ROWS_CAP + 1);
  const truncated = rows.length > MONTH_ROWS_CAP;
  for (const row of rows.slice(0, MONTH_ROWS_CAP)) {
    if ((row.kind !== "debit" && row.kind !== "refund") || !row.action) continue;
    const cost = row.cost ?? Math.abs(row.amount);
    const signed = row.kind === "debit" ? cost : -cost;
    const bucket = days[Math.floor((row.createdAt - monthStart) / DAY_MS)];
    if (!bucket) continue;
    bucket[row.action] += signed;
    bucket.total += signed;
  }
  const today = Math.floor((now - monthStart) / DAY_MS) + 1;
  return {
    monthStart,
    today,
    days,
    totalSpent: days.reduce((sum, day) => sum + day.total, 0),
    truncated,
  };
}

export type LedgerLink =
  | { type: "chat"; displayId: string }
  | { type: "project"; projectId: Id<"projects"> };

export type LedgerRowView = {
  _id: Id<"creditLedger">;
  kind: Doc<"creditLedger">["kind"];
  amount: number;
  balanceAfter: number;
  cost?: number;
  action?: CreditAction;
  createdAt: number;
  /** What the row was for, as a short phrase ("Chat message", "AI project"…). */
  title: string;
  /** The thing it points at: a chat title, a prompt, a URL, a reason. */
  detail?: string;
  link?: LedgerLink;
};

const ACTION_TITLES: Record<CreditAction, string> = {
  chat: "Chat message",
  projectGeneration: "AI project generation",
  urlScrape: "URL import",
};

const KIND_TITLES: Record<Doc<"creditLedger">["kind"], string> = {
  signup_grant: "Welcome credits",
  monthly_reset: "Monthly allowance reset",
  debit: "Credits used",
  refund: "Refund",
  purchase: "Credit purchase",
  admin_adjust: "Adjustment by support",
};

const clip = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** What a ledger row's reference points at, read with at most two lookups. */
async function describeRef(
  ctx: QueryCtx,
  userId: Id<"users">,
  ref: LedgerRef | undefined,
): Promise<{ detail?: string; link?: LedgerLink }> {
  if (!ref) return {};
  if (ref.type === "message") {
    const id = ctx.db.normalizeId("chatMessages", ref.id);
    const message = id ? await ctx.db.get("chatMessages", id) : null;
    if (!message || message.userId !== userId) return { detail: "Deleted chat" };
    const session = await ctx.db.get("chatSessions", message.sessionId);
    if (!session) return { detail: "Deleted chat" };
    return { detail: clip(session.title), link: { type: "chat", displayId: session.displayId } };
  }
  if (ref.type === "job") {
    const id = ctx.db.normalizeId("aiJobs", ref.id);
    const job = id ? await ctx.db.get("aiJobs", id) : null;
    if (!job || job.userId !== userId) return {};
    const project = job.projectId ? await ctx.db.get("projects", job.projectId) : null;
    const link = project ? { type: "project" as const, projectId: project._id } : undefined;
    if (job.kind === "urlScrape") {
      return { detail: clip(project ? `${job.input} → ${project.name}` : job.input), link };
    }
    return { detail: clip(project ? `${project.name} — “${job.input}”` : `“${job.input}”`), link };
  }
  if (ref.type === "admin") return { detail: clip(ref.id) };
  return {};
}

export async function ledgerRowView(ctx: QueryCtx, row: Doc<"creditLedger">): Promise<LedgerRowView> {
  const title =
    row.kind === "debit" && row.action
      ? ACTION_TITLES[row.action]
      : row.kind === "refund" && row.action
        ? `Refund · ${ACTION_TITLES[row.action]}`
        : KIND_TITLES[row.kind];
  const { detail, link } = await describeRef(ctx, row.userId, row.ref);
  return {
    _id: row._id,
    kind: row.kind,
    amount: row.amount,
    balanceAfter: row.balanceAfter,
    cost: row.cost,
    action: row.action,
    createdAt: row.createdAt,
    title,
    detail: detail ?? row.note,
    link,
  };
}
