import { ArrowRight, Coins, Lock, Sparkles } from "lucide-react";
import type { ReactNode } from "react";
import type { Balance } from "@/components/credits/balance";
import type { ActionRequired } from "../hooks/use-checkout";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { formatPerCredit, formatPrice, type Catalogue, type ProductKey } from "../lib/pricing";

type Props = {
  product: ProductKey | null;
  catalogue: Catalogue;
  balance: Balance | undefined;
  pending: boolean;
  error: string | null;
  /** The payment needs the user (3-D Secure, a declined card…): what to do. */
  actionRequired?: ActionRequired | null;
  onManageBilling?: () => void;
  managingBilling?: boolean;
  portalError?: string | null;
  onConfirm: (product: ProductKey) => void;
  onClose: () => void;
};

/** Confirms what is being bought, what it costs and what the balance will be. */
export function PurchaseDialog({
  product,
  catalogue,
  balance,
  pending,
  error,
  actionRequired,
  onManageBilling,
  managingBilling,
  portalError,
  onConfirm,
  onClose,
}: Props) {
  const summary = product ? describe(product, catalogue, balance) : null;
  return (
    <Dialog open={product !== null} onOpenChange={(open) => !open && !pending && onClose()}>
      {product && summary && (
        <DialogContent
          title={summary.title}
          description={summary.description}
          icon={
            <span className="grid size-11 place-items-center rounded-full bg-blue-50 text-blue-600 ring-1 ring-blue-200">
              {product === "pro" ? <Sparkles className="size-5" aria-hidden /> : <Coins className="size-5" aria-hidden />}
            </span>
          }
        >
          <dl className="mt-5 divide-y divide-slate-200 rounded-xl border border-slate-200 text-sm">
            {summary.rows.map(([label, value]) => (
              <div key={label} className="flex items-center justify-between gap-4 px-4 py-3">
                <dt className="text-slate-600">{label}</dt>
                <dd className="text-right font-medium text-slate-900 tabular-nums">{value}</dd>
              </div>
            ))}
            <div className="flex items-center justify-between gap-4 bg-slate-50 px-4 py-3">
              <dt className="font-medium text-slate-900">{summary.dueLabel}</dt>
              <dd data-testid="purchase-total" className="text-base font-semibold text-slate-900 tabular-nums">
                {summary.due}
              </dd>
            </div>
          </dl>
          {error && (
            <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
              {error}
            </p>
          )}
          {actionRequired && (
            <div
              role="alert"
              data-testid="payment-action-required"
              className="mt-4 space-y-2 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200"
            >
              <p className="font-medium">
                {actionRequired.code === "payment_processing"
                  ? "Your payment is processing."
                  : "The payment wasn't completed. Nothing was charged."}
              </p>
              <p>{actionRequired.message}</p>
              {onManageBilling && (
                <Button variant="secondary" size="sm" onClick={onManageBilling} disabled={managingBilling}>
                  {managingBilling ? "Opening billing…" : "Manage billing"}
                </Button>
              )}
              {portalError && <p className="text-red-700">{portalError}</p>}
            </div>
          )}
          <p className="mt-4 flex items-center gap-1.5 text-xs text-slate-500">
            <Lock className="size-3.5" aria-hidden />
            {catalogue.mode === "test"
              ? "Test mode: you'll pay on a local test checkout page, or with the test card on file. No money moves."
              : "You'll pay on Autumn's secure checkout page, or with your card on file."}
          </p>
          <DialogFooter>
            <Button variant="secondary" onClick={onClose} disabled={pending}>
              Cancel
            </Button>
            <Button variant="accent" onClick={() => onConfirm(product)} disabled={pending}>
              {pending ? <Spinner label="Starting checkout" /> : null}
              {pending ? "Opening checkout…" : "Continue to checkout"}
              {!pending && <ArrowRight aria-hidden />}
            </Button>
          </DialogFooter>
        </DialogContent>
      )}
    </Dialog>
  );
}

type Summary = {
  title: string;
  description: string;
  rows: [string, ReactNode][];
  dueLabel: string;
  due: string;
};

function BalanceChange({ from, to }: { from: string; to: string }) {
  return (
    <span data-testid="balance-after" className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <span className="text-slate-500">{from}</span>
      <ArrowRight className="size-3.5 text-slate-400" aria-label="becomes" />
      <span>{to}</span>
    </span>
  );
}

function describe(product: ProductKey, catalogue: Catalogue, balance: Balance | undefined): Summary | null {
  const now = balance ? (balance.unlimited ? "Unlimited" : balance.remaining.toLocaleString("en-US")) : "…";
  if (product === "pro") {
    const price = formatPrice(catalogue.pro.priceCents);
    return {
      title: "Upgrade to Pro",
      description: "Unlimited credits for chat, project generation and imports. Billed monthly; cancel any time.",
      rows: [
        ["Plan", "Helm Pro (monthly)"],
        ["Credits", <BalanceChange key="b" from={now} to="Unlimited" />],
      ],
      dueLabel: "Due today",
      due: `${price}/month`,
    };
  }
  const pack = catalogue.packs.find((p) => p.key === product);
  if (!pack) return null;
  const credits = pack.credits.toLocaleString("en-US");
  const after = balance?.unlimited
    ? `Unlimited (+${credits} kept)`
    : balance
      ? `${(balance.remaining + pack.credits).toLocaleString("en-US")} credits`
      : "…";
  return {
    title: `Buy ${credits} credits`,
    description: "A one-off credit pack. Purchased credits never expire and are used after your monthly allowance.",
    rows: [
      ["Pack", `${credits} credits`],
      ["Price per credit", formatPerCredit(pack)],
      ["New balance", <BalanceChange key="b" from={now} to={after} />],
    ],
    dueLabel: "Total due",
    due: formatPrice(pack.priceCents),
  };
}
