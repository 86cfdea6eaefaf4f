/** Placeholder until this page is built. */
export function UsagePage() {
  return (
    <div className="p-8">
      <h1 className="text-2xl font-semibold">Usage</h1>
    </div>
  );
}
