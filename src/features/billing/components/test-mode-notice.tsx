import { FlaskConical } from "lucide-react";

/** Says plainly that checkout is simulated (no Autumn key configured). */
export function TestModeNotice() {
  return (
    <div
      role="note"
      data-testid="billing-test-mode"
      className="flex items-start gap-3 rounded-xl border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <FlaskConical className="mt-0.5 size-4 shrink-0 text-amber-600" aria-hidden />
      <p>
        <span className="font-semibold">Test mode.</span> Checkout and Manage billing open local test pages that
        stand in for Autumn, and no money moves. They send real signed webhooks and answer Autumn's customer API,
        so credits and Pro arrive exactly as they would in production.
      </p>
    </div>
  );
}
