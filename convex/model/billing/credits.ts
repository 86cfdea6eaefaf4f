import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { appError, ErrorCode } from "../../errors";
import type { CreditAction, LedgerRef, Plan } from "../../schema";
import { proCheckDue, scheduleCustomerCheck } from "./proCheck";

/** What each AI action costs, in credits. */
export const CREDIT_COSTS: Record<CreditAction, number> = {
  chat: 3,
  projectGeneration: 15,
  urlScrape: 5,
};

export const MONTHLY_ALLOWANCE = 100;
/** Premium-model messages a free user may send each month (on top of paying their credits). */
export const PREMIUM_MONTHLY_LIMIT = 20;
/** Balance thresholds for the badge: green above 50, red below 20. */
export const LOW_BALANCE = 20;
export const HEALTHY_BALANCE = 50;

export type BadgeLevel = "green" | "yellow" | "red";

export function startOfUtcMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The 1st of the next UTC month: when the allowance next resets. */
export function nextResetAt(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export function badgeLevel(balance: number): BadgeLevel {
  if (balance > HEALTHY_BALANCE) return "green";
  if (balance >= LOW_BALANCE) return "yellow";
  return "red";
}

export function isProActive(usage: Doc<"userUsage">, now: number): boolean {
  return (
    usage.plan === "pro" &&
    (usage.proCurrentPeriodEnd === undefined || usage.proCurrentPeriodEnd > now)
  );
}

/** The usage as it will be after the lazy reset: what a read should show. */
export function effectiveUsage(usage: Doc<"userUsage">, now: number) {
  const needsReset = usage.lastCreditReset < startOfUtcMonth(now);
  const allowance = needsReset ? usage.creditsTotal : usage.creditsRemaining;
  return {
    allowance,
    allowanceTotal: usage.creditsTotal,
    purchased: usage.purchasedCredits,
    plan: (isProActive(usage, now) ? "pro" : "free") as Plan,
    premiumUsed: needsReset ? 0 : (usage.premiumUsed ?? 0),
  };
}

export type PremiumQuota = { used: number; limit: number; remaining: number };

function premiumQuota(used: number): PremiumQuota {
  return { used, limit: PREMIUM_MONTHLY_LIMIT, remaining: Math.max(0, PREMIUM_MONTHLY_LIMIT - used) };
}

export type Balance = Omit<ReturnType<typeof effectiveUsage>, "premiumUsed"> & {
  remaining: number;
  unlimited: boolean;
  resetsAt: number;
  level: BadgeLevel;
  /** On Pro: when it renews, or when a cancelled subscription ends (when known). */
  pro?: { renewsAt?: number; endsAt?: number };
  /** Premium-model messages left this month; null on Pro (no cap). Always set; optional for older clients' fixtures. */
  premium?: PremiumQuota | null;
};

function proDates(usage: Doc<"userUsage">): NonNullable<Balance["pro"]> {
  if (usage.proCanceled) return { endsAt: usage.proPeriodEnd ?? usage.proCurrentPeriodEnd };
  return usage.proPeriodEnd !== undefined ? { renewsAt: usage.proPeriodEnd } : {};
}

export function describeBalance(usage: Doc<"userUsage">, now: number): Balance {
  const { premiumUsed, ...effective } = effectiveUsage(usage, now);
  const remaining = effective.allowance + effective.purchased;
  const unlimited = effective.plan === "pro";
  return {
    ...effective,
    premium: unlimited ? null : premiumQuota(premiumUsed),
    remaining,
    unlimited,
    resetsAt: nextResetAt(now),
    level: unlimited ? "green" : badgeLevel(remaining),
    ...(unlimited ? { pro: proDates(usage) } : {}),
  };
}

export async function getUsage(
  ctx: QueryCtx,
  userId: Id<"users">,
): Promise<Doc<"userUsage">> {
  const usage = await ctx.db
    .query("userUsage")
    .withIndex("by_userId", (q) => q.eq("userId", userId))
    .unique();
  if (!usage) throw new Error(`user ${userId} has no usage record`);
  return usage;
}

export async function findLedgerEntry(
  ctx: QueryCtx,
  idempotencyKey: string,
): Promise<Doc<"creditLedger"> | null> {
  return await ctx.db
    .query("creditLedger")
    .withIndex("by_idempotencyKey", (q) => q.eq("idempotencyKey", idempotencyKey))
    .unique();
}

type LedgerEntry = Omit<Doc<"creditLedger">, "_id" | "_creationTime" | "createdAt">;

async function writeLedger(ctx: MutationCtx, entry: LedgerEntry, now: number) {
  return await ctx.db.insert("creditLedger", { ...entry, createdAt: now });
}

const balanceOf = (u: { creditsRemaining: number; purchasedCredits: number }) =>
  u.creditsRemaining + u.purchasedCredits;

/** Creates the usage record and the sign-up grant for a brand-new user. */
export async function createUsage(ctx: MutationCtx, userId: Id<"users">, now: number) {
  await ctx.db.insert("userUsage", {
    userId,
    creditsRemaining: MONTHLY_ALLOWANCE,
    creditsTotal: MONTHLY_ALLOWANCE,
    lastCreditReset: startOfUtcMonth(now),
    purchasedCredits: 0,
    plan: "free",
    updatedAt: now,
  });
  await writeLedger(
    ctx,
    {
      userId,
      kind: "signup_grant",
      amount: MONTHLY_ALLOWANCE,
      balanceAfter: MONTHLY_ALLOWANCE,
      idempotencyKey: `signup:${userId}`,
    },
    now,
  );
}

/**
 * Loads the usage record and, in a new UTC month, resets the allowance
 * (writing a `monthly_reset` row for the difference). Also drops an expired
 * Pro plan back to free. Runs inside the caller's transaction.
 */
export async function loadUsageForWrite(
  ctx: MutationCtx,
  userId: Id<"users">,
  now: number,
): Promise<Doc<"userUsage">> {
  let usage = await getUsage(ctx, userId);
  const monthStart = startOfUtcMonth(now);
  const patch: Partial<Doc<"userUsage">> = {};
  if (usage.plan === "pro" && !isProActive(usage, now)) {
    patch.plan = "free";
  }
  if (usage.lastCreditReset < monthStart) {
    const delta = usage.creditsTotal - usage.creditsRemaining;
    patch.creditsRemaining = usage.creditsTotal;
    patch.lastCreditReset = monthStart;
    // The premium cap is monthly too, reset with the allowance.
    if (usage.premiumUsed) patch.premiumUsed = 0;
    await writeLedger(
      ctx,
      {
        userId,
        kind: "monthly_reset",
        amount: delta,
        balanceAfter: usage.creditsTotal + usage.purchasedCredits,
        idempotencyKey: `reset:${userId}:${new Date(monthStart).toISOString().slice(0, 7)}`,
      },
      now,
    );
  }
  if (Object.keys(patch).length > 0) {
    await ctx.db.patch("userUsage", usage._id, { ...patch, updatedAt: now });
    usage = { ...usage, ...patch, updatedAt: now };
  }
  return usage;
}

export type SpendResult = {
  ledgerId: Id<"creditLedger">;
  /** Credits actually taken (0 on Pro). */
  charged: number;
  cost: number;
  balanceAfter: number;
  /** True when this idempotency key had already been spent: nothing new was charged. */
  replayed: boolean;
};

/** What a chat debit was for: its model, and whether that model is premium. */
export type SpendModel = { id: string; premium: boolean };

/**
 * Atomically checks and debits the cost of `action`. The allowance is spent
 * before purchased credits; Pro users are charged nothing but still get a
 * ledger row with the nominal cost. Throws INSUFFICIENT_CREDITS (and, since
 * the mutation aborts, writes nothing) when the balance can't cover it.
 * A premium model on the free plan also takes one of the month's
 * PREMIUM_MONTHLY_LIMIT messages, in the same write, or throws PREMIUM_LIMIT.
 */
export async function spend(
  ctx: MutationCtx,
  user: Doc<"users">,
  action: CreditAction,
  idempotencyKey: string,
  ref?: LedgerRef,
  model?: SpendModel,
): Promise<SpendResult> {
  const cost = CREDIT_COSTS[action];
  const previous = await findLedgerEntry(ctx, idempotencyKey);
  if (previous) {
    if (previous.userId !== user._id || previous.kind !== "debit") {
      throw appError(ErrorCode.INVALID_ARGUMENT, "That request key was already used.");
    }
    return {
      ledgerId: previous._id,
      charged: -previous.amount,
      cost: previous.cost ?? cost,
      balanceAfter: previous.balanceAfter,
      replayed: true,
    };
  }

  const now = Date.now();
  const usage = await loadUsageForWrite(ctx, user._id, now);
  const pro = isProActive(usage, now);
  if (pro && proCheckDue(usage, now)) await scheduleCustomerCheck(ctx, usage, now);
  const balance = balanceOf(usage);
  if (!pro && balance < cost) {
    throw appError(
      ErrorCode.INSUFFICIENT_CREDITS,
      `This needs ${cost} credits and you have ${balance} left.`,
      { required: cost, remaining: balance, resetsAt: nextResetAt(now) },
    );
  }

  const premiumUsed = usage.premiumUsed ?? 0;
  const capped = !pro && model?.premium === true;
  if (capped && premiumUsed >= PREMIUM_MONTHLY_LIMIT) {
    throw appError(
      ErrorCode.PREMIUM_LIMIT,
      `You have used all ${PREMIUM_MONTHLY_LIMIT} premium-model messages this month.`,
      { limit: PREMIUM_MONTHLY_LIMIT, used: premiumUsed, resetsAt: nextResetAt(now), modelId: model.id },
    );
  }

  const fromAllowance = pro ? 0 : Math.min(usage.creditsRemaining, cost);
  const fromPurchased = pro ? 0 : cost - fromAllowance;
  const next = {
    creditsRemaining: usage.creditsRemaining - fromAllowance,
    purchasedCredits: usage.purchasedCredits - fromPurchased,
  };
  if (!pro) {
    const premium = capped ? { premiumUsed: premiumUsed + 1 } : {};
    await ctx.db.patch("userUsage", usage._id, { ...next, ...premium, updatedAt: now });
  }
  const charged = fromAllowance + fromPurchased;
  const ledgerId = await writeLedger(
    ctx,
    {
      userId: user._id,
      kind: "debit",
      amount: -charged,
      balanceAfter: balanceOf(next),
      cost,
      action,
      fromAllowance,
      fromPurchased,
      ref,
      idempotencyKey,
      ...(model ? { model: model.id } : {}),
      ...(capped ? { premium: true } : {}),
    },
    now,
  );
  return { ledgerId, charged, cost, balanceAfter: balanceOf(next), replayed: false };
}

export const refundKeyFor = (debitKey: string) => `refund:${debitKey}`;

/**
 * Gives back exactly what the debit with `debitKey` took, once. Returns the
 * credits restored, or null when there is no such debit or it was already
 * refunded. The allowance part never lifts the allowance above its size
 * (a reset since the debit already refilled it); likewise a premium message
 * is given back only within the month that counted it.
 */
export async function refund(
  ctx: MutationCtx,
  debitKey: string,
  note?: string,
): Promise<{ refunded: number } | null> {
  const debit = await findLedgerEntry(ctx, debitKey);
  if (!debit || debit.kind !== "debit") return null;
  const refundKey = refundKeyFor(debitKey);
  if (await findLedgerEntry(ctx, refundKey)) return null;

  const now = Date.now();
  const usage = await loadUsageForWrite(ctx, debit.userId, now);
  const toAllowance = Math.min(
    debit.fromAllowance ?? 0,
    usage.creditsTotal - usage.creditsRemaining,
  );
  const toPurchased = debit.fromPurchased ?? 0;
  const next = {
    creditsRemaining: usage.creditsRemaining + toAllowance,
    purchasedCredits: usage.purchasedCredits + toPurchased,
  };
  const premiumUsed = usage.premiumUsed ?? 0;
  const givesPremiumBack = debit.premium === true && debit.createdAt >= usage.lastCreditReset && premiumUsed > 0;
  if (toAllowance + toPurchased > 0 || givesPremiumBack) {
    const premium = givesPremiumBack ? { premiumUsed: premiumUsed - 1 } : {};
    await ctx.db.patch("userUsage", usage._id, { ...next, ...premium, updatedAt: now });
  }
  await writeLedger(
    ctx,
    {
      userId: debit.userId,
      kind: "refund",
      amount: toAllowance + toPurchased,
      balanceAfter: balanceOf(next),
      cost: debit.cost,
      action: debit.action,
      ref: debit.ref,
      idempotencyKey: refundKey,
      note,
      ...(debit.model ? { model: debit.model } : {}),
      ...(givesPremiumBack ? { premium: true } : {}),
    },
    now,
  );
  return { refunded: toAllowance + toPurchased };
}

/**
 * Adds credits to the purchased bucket (purchases, admin adjustments; a
 * negative admin adjustment never takes the bucket below zero). Idempotent by
 * key. Returns the credits actually added, or null if the key was used before.
 */
export async function grant(
  ctx: MutationCtx,
  userId: Id<"users">,
  amount: number,
  kind: "purchase" | "admin_adjust",
  idempotencyKey: string,
  ref?: LedgerRef,
): Promise<{ granted: number; balanceAfter: number } | null> {
  if (!Number.isInteger(amount)) {
    throw appError(ErrorCode.INVALID_ARGUMENT, "Credit amounts are whole numbers.");
  }
  if (await findLedgerEntry(ctx, idempotencyKey)) return null;
  const now = Date.now();
  const usage = await loadUsageForWrite(ctx, userId, now);
  const purchasedCredits = Math.max(0, usage.purchasedCredits + amount);
  const granted = purchasedCredits - usage.purchasedCredits;
  await ctx.db.patch("userUsage", usage._id, { purchasedCredits, updatedAt: now });
  const balanceAfter = usage.creditsRemaining + purchasedCredits;
  await writeLedger(
    ctx,
    { userId, kind, amount: granted, balanceAfter, ref, idempotencyKey },
    now,
  );
  return { granted, balanceAfter };
}

/** Mirrors the billing provider's view of the user's plan. */
export async function setPlan(
  ctx: MutationCtx,
  userId: Id<"users">,
  plan: Plan,
  proCurrentPeriodEnd?: number,
): Promise<void> {
  const usage = await getUsage(ctx, userId);
  await ctx.db.patch("userUsage", usage._id, {
    plan,
    proCurrentPeriodEnd: plan === "pro" ? proCurrentPeriodEnd : undefined,
    updatedAt: Date.now(),
  });
}
