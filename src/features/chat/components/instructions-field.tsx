import { cn } from "@/lib/cn";

type Props = {
  id: string;
  label: string;
  hint?: string;
  value: string;
  max: number;
  onChange: (value: string) => void;
  placeholder?: string;
  rows?: number;
  autoFocus?: boolean;
};

/** A labelled instructions box with its character count. */
export function InstructionsField({ id, label, hint, value, max, onChange, placeholder, rows = 4, autoFocus }: Props) {
  const over = value.trim().length > max;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="mt-0.5 text-xs text-slate-500">
          {hint}
        </p>
      )}
      <textarea
        id={id}
        value={value}
        rows={rows}
        autoFocus={autoFocus}
        placeholder={placeholder}
        aria-describedby={`${hint ? `${id}-hint ` : ""}${id}-count`}
        aria-invalid={over || undefined}
        onChange={(e) => onChange(e.target.value)}
        className={cn(
          "mt-1.5 block w-full resize-y rounded-xl border bg-white px-3 py-2 text-sm leading-6 text-slate-900 placeholder:text-slate-400 focus:outline-none focus:ring-4 focus:ring-slate-100",
          over ? "border-red-300" : "border-slate-200 focus:border-slate-300",
        )}
      />
      <p id={`${id}-count`} className={cn("mt-1 text-right text-xs tabular-nums", over ? "font-medium text-red-600" : "text-slate-500")}>
        {value.trim().length.toLocaleString("en-US")} / {max.toLocaleString("en-US")}
      </p>
    </div>
  );
}
