import { ShipWheel } from "lucide-react";
import { Link } from "react-router";

export function HelmLogo({ onClick }: { onClick?: () => void }) {
  return (
    <Link
      to="/"
      onClick={onClick}
      aria-label="Helm home"
      className="flex items-center gap-2 rounded-lg px-1 py-1 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
    >
      <span className="grid size-7 place-items-center rounded-lg bg-slate-900 text-white shadow-sm">
        <ShipWheel className="size-4" aria-hidden />
      </span>
      <span className="text-[15px] font-semibold tracking-tight text-slate-900">Helm</span>
    </Link>
  );
}
