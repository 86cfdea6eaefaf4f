import * as Menu from "@radix-ui/react-dropdown-menu";
import { Brain, Check, ChevronDown, Sparkles, TriangleAlert, Zap } from "lucide-react";
import { DropdownMenuContent } from "@/components/ui/dropdown-menu";
import { cn } from "@/lib/cn";
import type { ModelOption } from "./use-models";

type Quota = { remaining: number; limit: number } | null | undefined;

type Props = {
  models: ModelOption[];
  /** The chat's model id; one the catalogue no longer has shows as "pick another". */
  value: string | undefined;
  onChange: (modelId: string) => void;
  /** Premium messages left this month (null on Pro: no cap). */
  premium?: Quota;
  disabled?: boolean;
};

export function premiumNote(quota: Quota): string {
  if (quota === null) return "Unlimited on Pro";
  if (!quota) return "Premium model";
  return `${quota.remaining} of ${quota.limit} premium messages left this month`;
}

/** The composer's model menu: one model per chat, premium ones marked with what is left. */
export function ModelPicker({ models, value, onChange, premium, disabled }: Props) {
  const current = models.find((m) => m.id === value);
  const missing = value !== undefined && !current;
  return (
    <Menu.Root>
      <Menu.Trigger
        disabled={disabled}
        data-testid="model-picker"
        aria-label={current ? `Model: ${current.label}` : "Model: pick another model"}
        className={cn(
          "inline-flex h-8 min-w-0 max-w-[11rem] items-center gap-1.5 rounded-lg px-2 text-[13px] font-medium transition-colors sm:max-w-[16rem]",
          "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 disabled:opacity-50",
          missing ? "bg-amber-50 text-amber-800 ring-1 ring-amber-200" : "text-slate-700 hover:bg-slate-100",
        )}
      >
        {missing ? (
          <TriangleAlert className="size-3.5 shrink-0" aria-hidden />
        ) : current?.tier === "premium" ? (
          <Sparkles className="size-3.5 shrink-0 text-violet-600" aria-hidden />
        ) : (
          <Zap className="size-3.5 shrink-0 text-slate-500" aria-hidden />
        )}
        <span className="truncate">{current?.label ?? (missing ? "Pick a model" : "Model")}</span>
        <ChevronDown className="size-3.5 shrink-0 opacity-60" aria-hidden />
      </Menu.Trigger>
      <DropdownMenuContent align="start" className="w-72">
        <Menu.Label className="px-2.5 pb-1 pt-2 text-xs font-medium text-slate-500">Model for this chat</Menu.Label>
        <Menu.RadioGroup value={current?.id ?? ""} onValueChange={onChange}>
          {models.map((model) => (
            <Menu.RadioItem
              key={model.id}
              value={model.id}
              data-testid={`model-option-${model.id}`}
              className="flex cursor-pointer select-none items-start gap-2.5 rounded-lg px-2.5 py-2 text-sm outline-none data-[highlighted]:bg-slate-100"
            >
              <span className="mt-0.5 grid size-4 shrink-0 place-items-center">
                <Menu.ItemIndicator>
                  <Check className="size-4 text-blue-600" aria-hidden />
                </Menu.ItemIndicator>
              </span>
              <span className="min-w-0 flex-1">
                <span className="flex items-center gap-1.5 font-medium text-slate-900">
                  {model.label}
                  {model.tier === "premium" && (
                    <span className="rounded-full bg-violet-50 px-1.5 py-px text-[11px] font-semibold text-violet-700 ring-1 ring-inset ring-violet-200">
                      Premium
                    </span>
                  )}
                </span>
                <span className="mt-0.5 flex items-center gap-1 text-xs text-slate-500">
                  {model.family === "reasoning" ? <Brain className="size-3" aria-hidden /> : <Zap className="size-3" aria-hidden />}
                  {model.family === "reasoning" ? "Thinks before answering" : "Fast answers"}
                </span>
                {model.tier === "premium" && (
                  <span className="mt-0.5 block text-xs text-violet-700">{premiumNote(premium)}</span>
                )}
              </span>
            </Menu.RadioItem>
          ))}
        </Menu.RadioGroup>
        <p className="border-t border-slate-100 px-2.5 pb-1.5 pt-2 text-xs text-slate-500">Every message costs 3 credits, whatever the model.</p>
      </DropdownMenuContent>
    </Menu.Root>
  );
}
