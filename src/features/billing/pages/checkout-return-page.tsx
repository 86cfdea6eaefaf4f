/** Placeholder until this page is built. */
export function CheckoutReturnPage() {
  return (
    <div className="p-8">
      <h1 className="text-2xl font-semibold">Thanks for your purchase</h1>
    </div>
  );
}
