import { useQuery } from "convex/react";
import { ChevronLeft, CircleX, MessageSquare, Sparkles, WandSparkles, Link2 } from "lucide-react";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { proStatusLabel, useBalance } from "@/components/credits/balance";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/spinner";
import { api } from "../../../../convex/_generated/api";
import { PackCard } from "../components/pack-card";
import { PlanCard } from "../components/plan-card";
import { PurchaseDialog } from "../components/purchase-dialog";
import { TestModeNotice } from "../components/test-mode-notice";
import { useBillingPortal } from "../hooks/use-billing-portal";
import { useCheckout } from "../hooks/use-checkout";
import { usePlanRefresh } from "../hooks/use-plan-refresh";
import { useFocusPacks, useReturnTo } from "../hooks/use-return-to";
import { bestValue, formatPrice, savingsPercent, type ProductKey } from "../lib/pricing";
import { usePageTitle } from "@/lib/use-page-title";

const ACTIONS = [
  { icon: MessageSquare, label: "Chat message", action: "chat" },
  { icon: WandSparkles, label: "AI project generation", action: "projectGeneration" },
  { icon: Link2, label: "URL import", action: "urlScrape" },
] as const;

export function PricingPage() {
  usePageTitle("Pricing");
  const catalogue = useQuery(api.billing.catalogue.get);
  const balance = useBalance();
  const checkout = useCheckout();
  const planRefresh = usePlanRefresh();
  const portal = useBillingPortal();
  const [selected, setSelected] = useState<ProductKey | null>(null);
  const [params] = useSearchParams();
  const cancelled = params.get("checkout") === "cancelled";
  const back = useReturnTo();
  useFocusPacks(catalogue !== undefined, "packs-heading");

  const onPro = balance?.plan === "pro";
  const choose = (product: ProductKey) => {
    checkout.reset();
    setSelected(product);
  };

  return (
    <div className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6 sm:py-12">
      {back && (
        <Link
          to={back.to}
          className="mb-4 inline-flex items-center gap-1 rounded-md text-sm text-slate-600 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
        >
          <ChevronLeft className="size-4" aria-hidden /> {back.label}
        </Link>
      )}
      <header className="mx-auto max-w-2xl text-center">
        <p className="text-sm font-semibold text-blue-600">Pricing</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900 sm:text-4xl">
          Plans and credits
        </h1>
        <p className="mt-3 text-base text-slate-600">
          Every account gets {catalogue?.freeMonthlyCredits ?? 100} free credits a month. Go unlimited with Pro, or
          top up with credit packs that never expire.
        </p>
      </header>

      <div className="mx-auto mt-8 max-w-3xl space-y-3">
        {catalogue?.mode === "test" && <TestModeNotice />}
        {cancelled && (
          <div role="status" className="flex items-center gap-2 rounded-xl border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700">
            <CircleX className="size-4 text-slate-400" aria-hidden />
            Checkout was cancelled. You haven't been charged.
          </div>
        )}
      </div>

      {!catalogue ? (
        <PricingSkeleton />
      ) : (
        <>
          <div className="mx-auto mt-8 grid max-w-3xl gap-5 md:grid-cols-2">
            <PlanCard
              id="free"
              name="Free"
              tagline="Everything you need to try Helm."
              price="$0"
              period="/month"
              current={balance?.plan === "free"}
              features={[
                `${catalogue.freeMonthlyCredits} credits every month`,
                "Chat AI, projects and URL imports",
                "Allowance refills on the 1st",
              ]}
              action={
                <p className="grid h-11 place-items-center rounded-xl bg-slate-50 text-sm font-medium text-slate-500">
                  {onPro ? "Included in Pro" : "Included with every account"}
                </p>
              }
            />
            <PlanCard
              id="pro"
              name="Pro"
              tagline="For people who use Helm every day."
              price={formatPrice(catalogue.pro.priceCents)}
              period="/month"
              highlighted
              current={onPro}
              features={[
                "Unlimited credits",
                "Unlimited chat, project generation and imports",
                "Usage history for every action",
                "Cancel any time",
              ]}
              action={
                onPro && balance ? (
                  <div className="space-y-3">
                    <div className="rounded-xl bg-violet-50 px-4 py-3 text-sm text-violet-900 ring-1 ring-inset ring-violet-200">
                      <p data-testid="pro-status" className="flex items-center gap-1.5 font-semibold">
                        <Sparkles className="size-4" aria-hidden /> {proStatusLabel(balance)}
                      </p>
                      {balance.pro?.endsAt !== undefined && (
                        <p className="mt-1 text-violet-800">Cancelled: your credits stay unlimited until then.</p>
                      )}
                      {balance.purchased > 0 && (
                        <p data-testid="purchased-kept" className="mt-1 text-violet-800">
                          Your {balance.purchased.toLocaleString("en-US")} purchased credits are kept for after Pro.
                        </p>
                      )}
                    </div>
                    <Button
                      variant="secondary"
                      size="lg"
                      className="w-full"
                      onClick={() => void portal.open()}
                      disabled={portal.opening}
                    >
                      {portal.opening ? "Opening billing…" : "Manage billing"}
                    </Button>
                    <p className="text-center text-xs text-slate-500">Cancel Pro or change your card.</p>
                    {portal.error && <p role="alert" className="text-center text-xs text-red-600">{portal.error}</p>}
                  </div>
                ) : (
                  <div className="space-y-2">
                    <Button
                      variant="accent"
                      size="lg"
                      className="w-full"
                      onClick={() => choose("pro")}
                      disabled={!balance}
                    >
                      Upgrade to Pro
                    </Button>
                    {catalogue.mode === "autumn" && (
                      <button
                        type="button"
                        onClick={() => void planRefresh.refresh()}
                        disabled={planRefresh.refreshing}
                        className="w-full text-center text-xs text-slate-500 underline-offset-2 hover:text-slate-700 hover:underline"
                      >
                        {planRefresh.refreshing ? "Checking…" : "Already upgraded? Refresh your plan"}
                      </button>
                    )}
                    {planRefresh.error && <p role="alert" className="text-center text-xs text-red-600">{planRefresh.error}</p>}
                  </div>
                )
              }
            />
          </div>

          <section aria-labelledby="packs-heading" className="mx-auto mt-14 max-w-4xl">
            <div className="text-center">
              <h2
                id="packs-heading"
                tabIndex={-1}
                className="scroll-mt-6 text-xl font-semibold tracking-tight text-slate-900 focus:outline-none"
              >
                Credit packs
              </h2>
              <p className="mx-auto mt-2 max-w-xl text-sm text-slate-600">
                One-off top-ups. Purchased credits never expire and are used after your monthly allowance.
                {onPro && " On Pro they're kept for later."}
              </p>
            </div>
            <div className="mt-8 grid gap-5 sm:grid-cols-3">
              {catalogue.packs.map((pack) => (
                <PackCard
                  key={pack.key}
                  pack={pack}
                  savings={savingsPercent(pack, catalogue.packs)}
                  bestValue={bestValue(catalogue.packs) === pack.key}
                  onBuy={() => choose(pack.key)}
                  disabled={!balance}
                />
              ))}
            </div>
          </section>

          <section aria-labelledby="costs-heading" className="mx-auto mt-14 max-w-3xl rounded-2xl bg-slate-50 p-6">
            <h2 id="costs-heading" className="text-sm font-semibold text-slate-900">
              What a credit buys
            </h2>
            <ul className="mt-4 grid gap-3 sm:grid-cols-3">
              {ACTIONS.map(({ icon: Icon, label, action }) => (
                <li key={label} className="flex items-center gap-3 text-sm text-slate-700">
                  <span className="grid size-8 place-items-center rounded-lg bg-white text-slate-500 ring-1 ring-slate-200">
                    <Icon className="size-4" aria-hidden />
                  </span>
                  <span>
                    {label}
                    <span className="block font-semibold text-slate-900 tabular-nums">
                      {catalogue.actionCosts[action]} credits
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          </section>

          <PurchaseDialog
            product={selected}
            catalogue={catalogue}
            balance={balance}
            pending={checkout.pending !== null}
            error={checkout.error}
            actionRequired={checkout.actionRequired}
            onManageBilling={() => void portal.open()}
            managingBilling={portal.opening}
            portalError={portal.error}
            onConfirm={(product) => void checkout.start(product, back?.to ?? null)}
            onClose={() => setSelected(null)}
          />
        </>
      )}
    </div>
  );
}

function PricingSkeleton() {
  return (
    <div aria-label="Loading prices" className="mx-auto mt-8 grid max-w-3xl gap-5 md:grid-cols-2">
      <Skeleton className="h-96 rounded-2xl" />
      <Skeleton className="h-96 rounded-2xl" />
    </div>
  );
}
