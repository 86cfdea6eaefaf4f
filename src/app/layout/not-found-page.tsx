import { Compass } from "lucide-react";
import { Link } from "react-router";
import { buttonClasses } from "@/components/ui/button";

export function NotFoundPage() {
  return (
    <div className="grid h-full place-items-center p-6">
      <div className="max-w-sm text-center">
        <span className="mx-auto grid size-12 place-items-center rounded-2xl bg-slate-100 text-slate-500">
          <Compass className="size-6" aria-hidden />
        </span>
        <h1 className="mt-4 text-xl font-semibold tracking-tight text-slate-900">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600">The page you're looking for doesn't exist or has moved.</p>
        <Link to="/" className={buttonClasses("primary", "md", "mt-6")}>
          Back to dashboard
        </Link>
      </div>
    </div>
  );
}
