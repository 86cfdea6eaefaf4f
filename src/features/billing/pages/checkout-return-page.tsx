import { useQuery } from "convex/react";
import { CircleCheck, Clock, Sparkles } from "lucide-react";
import { useEffect, type ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { Button, buttonClasses } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { api } from "../../../../convex/_generated/api";
import { useElapsed } from "../hooks/use-elapsed";
import { usePlanRefresh } from "../hooks/use-plan-refresh";
import { useReturnTo } from "../hooks/use-return-to";
import type { ProductKey } from "../lib/pricing";
import { usePageTitle } from "@/lib/use-page-title";

/**
 * After this long without confirmation, say so, and ask Autumn's customer
 * API directly: that finds a purchase whose webhook was lost.
 */
export const SLOW_CONFIRMATION_MS = 20_000;

const PRODUCTS: readonly ProductKey[] = ["pro", "pack500", "pack1000", "pack5000"];

function NothingToConfirm() {
  return (
    <Panel icon={<Clock className="size-6" aria-hidden />} tone="slate" title="Nothing to confirm">
      <p>This page confirms a purchase after checkout. Pick a plan or a credit pack to get started.</p>
      <Actions primary={{ to: "/pricing", label: "See pricing" }} />
    </Panel>
  );
}

/**
 * Where checkout sends the browser back. It watches its checkout, reactively,
 * until the purchase lands and then shows what it added.
 */
export function CheckoutReturnPage() {
  usePageTitle("Payment");
  const [params] = useSearchParams();
  const product = PRODUCTS.find((p) => p === params.get("product"));
  const checkout = params.get("checkout");
  if (!product || !checkout) return <NothingToConfirm />;
  return <Confirmation product={product} checkout={checkout} />;
}

function Confirmation({ product, checkout }: { product: ProductKey; checkout: string }) {
  const status = useQuery(api.billing.purchases.status, { checkout });
  const slow = useElapsed(SLOW_CONFIRMATION_MS);
  const { refresh, refreshing } = usePlanRefresh();
  // Bought from a blocked action: straight back to it (the draft waits there).
  const next = useReturnTo() ?? { to: "/chat", label: "Start chatting" };

  // Pro: ask Autumn directly once, so a new Pro user doesn't wait for the webhook.
  useEffect(() => {
    if (product === "pro") void refresh();
  }, [product, refresh]);
  // Still waiting after the timeout: reconcile from the customer API (a lost webhook).
  useEffect(() => {
    if (slow) void refresh();
  }, [slow, refresh]);

  if (status === null) return <NothingToConfirm />;

  if (status?.complete && product === "pro") {
    return (
      <Panel icon={<Sparkles className="size-6" aria-hidden />} tone="violet" title="Welcome to Pro">
        <p data-testid="checkout-result">Your credits are now unlimited. Every action still shows up in your usage history.</p>
        <Actions primary={next} secondary={{ to: "/usage", label: "View usage" }} />
      </Panel>
    );
  }
  if (status?.complete) {
    return (
      <Panel icon={<CircleCheck className="size-6" aria-hidden />} tone="emerald" title="Payment received">
        <p
          data-testid="checkout-result"
          className="text-4xl font-semibold tracking-tight text-emerald-600 tabular-nums"
        >
          +{status.creditsAdded.toLocaleString("en-US")} credits
        </p>
        <p>
          {status.balance.unlimited
            ? "They're kept for later: on Pro your credits are unlimited."
            : `Your balance is now ${status.balance.remaining.toLocaleString("en-US")} credits. Purchased credits never expire.`}
        </p>
        <Actions primary={next} secondary={{ to: "/usage", label: "View usage" }} />
      </Panel>
    );
  }
  return (
    <Panel
      icon={slow ? <Clock className="size-6" aria-hidden /> : <Spinner className="size-6" label="Confirming payment" />}
      tone={slow ? "amber" : "blue"}
      title={slow ? "Still confirming your payment" : "Confirming your payment…"}
    >
      {slow ? (
        <>
          <p>
            This is taking longer than usual. If you completed the payment, there's nothing more to do: your{" "}
            {product === "pro" ? "Pro plan" : "credits"} will appear in your balance as soon as the payment is
            confirmed, even if you leave this page.
          </p>
          <Button variant="secondary" onClick={() => void refresh()} disabled={refreshing}>
            {refreshing ? "Checking…" : "Check again"}
          </Button>
          <Actions primary={{ to: "/", label: "Back to Helm" }} secondary={{ to: "/pricing", label: "Pricing" }} />
        </>
      ) : (
        <p>This usually takes a few seconds. This page updates by itself.</p>
      )}
    </Panel>
  );
}

const TONES = {
  emerald: "bg-emerald-50 text-emerald-600 ring-emerald-200",
  violet: "bg-violet-50 text-violet-600 ring-violet-200",
  blue: "bg-blue-50 text-blue-600 ring-blue-200",
  amber: "bg-amber-50 text-amber-600 ring-amber-200",
  slate: "bg-slate-100 text-slate-500 ring-slate-200",
} as const;

function Panel({
  icon,
  tone,
  title,
  children,
}: {
  icon: ReactNode;
  tone: keyof typeof TONES;
  title: string;
  children: ReactNode;
}) {
  return (
    <div className="grid min-h-full place-items-center px-4 py-12">
      <div className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-8 text-center shadow-sm" aria-live="polite">
        <span className={`mx-auto grid size-12 place-items-center rounded-full ring-1 ${TONES[tone]}`}>{icon}</span>
        <h1 className="mt-4 text-xl font-semibold tracking-tight text-slate-900">{title}</h1>
        <div className="mt-3 space-y-4 text-sm leading-relaxed text-slate-600">{children}</div>
      </div>
    </div>
  );
}

function Actions({ primary, secondary }: { primary: { to: string; label: string }; secondary?: { to: string; label: string } }) {
  return (
    <div className="flex flex-col-reverse justify-center gap-2 pt-2 sm:flex-row">
      {secondary && (
        <Link to={secondary.to} className={buttonClasses("secondary", "md")}>
          {secondary.label}
        </Link>
      )}
      <Link to={primary.to} className={buttonClasses("primary", "md")}>
        {primary.label}
      </Link>
    </div>
  );
}
