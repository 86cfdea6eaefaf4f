import { Brain, Sparkles, Zap } from "lucide-react";
import { useModelOption } from "@/components/models/use-models";
import type { ChatMessage } from "../lib/types";

/** Under a finished reply: which model wrote it (and how long a reasoning model thought). */
export function ReplyModelLabel({ modelId, tokens }: Pick<ChatMessage, "modelId" | "tokens">) {
  const model = useModelOption(modelId);
  if (!modelId) return null;
  const Icon = model?.family === "reasoning" ? Brain : model?.tier === "premium" ? Sparkles : Zap;
  const reasoning = tokens?.reasoning ?? 0;
  return (
    <span data-testid="reply-model" className="inline-flex items-center gap-1 font-medium text-slate-500">
      <Icon className="size-3" aria-hidden />
      {model?.label ?? modelId}
      {reasoning > 0 && <span className="font-normal">{` · thought for ${reasoning.toLocaleString("en-US")} tokens`}</span>}
    </span>
  );
}
