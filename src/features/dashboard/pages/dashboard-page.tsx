/** Placeholder until this page is built. */
export function DashboardPage() {
  return (
    <div className="p-8">
      <h1 className="text-2xl font-semibold">Dashboard</h1>
    </div>
  );
}
