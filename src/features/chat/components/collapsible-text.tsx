import { ChevronDown, ChevronUp } from "lucide-react";
import { useId, useState } from "react";
import { cn } from "@/lib/cn";

/** Past either, a message is shown folded: a 10,000-character paste would otherwise fill several screens. */
const FOLD_CHARS = 1200;
const FOLD_LINES = 16;

export function needsFolding(text: string): boolean {
  return text.length > FOLD_CHARS || text.split("\n").length > FOLD_LINES;
}

/** A user's message, folded to a dozen lines when long, with Show more / Show less. */
export function CollapsibleText({ text, className }: { text: string; className?: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  if (!needsFolding(text)) return <div className={className}>{text}</div>;
  return (
    <div className={className}>
      <div
        id={id}
        data-testid="folded-text"
        data-open={open}
        className={cn(
          "relative",
          !open && "max-h-72 overflow-hidden [mask-image:linear-gradient(to_bottom,black_70%,transparent)]",
        )}
      >
        {text}
      </div>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((value) => !value)}
        className="mt-1.5 inline-flex items-center gap-1 rounded-md text-[13px] font-semibold underline-offset-2 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-current"
      >
        {open ? <ChevronUp className="size-3.5" aria-hidden /> : <ChevronDown className="size-3.5" aria-hidden />}
        {open ? "Show less" : `Show all ${text.length.toLocaleString()} characters`}
      </button>
    </div>
  );
}
