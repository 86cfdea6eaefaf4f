/** Placeholder until this page is built. */
export function PricingPage() {
  return (
    <div className="p-8">
      <h1 className="text-2xl font-semibold">Pricing</h1>
    </div>
  );
}
