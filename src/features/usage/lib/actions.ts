import { Link2, MessageSquare, WandSparkles, type LucideIcon } from "lucide-react";

export type SpendAction = "chat" | "projectGeneration" | "urlScrape";

/** One colour and icon per paid action, shared by the chart and the ledger. */
export const ACTIONS: Record<SpendAction, { label: string; bar: string; dot: string; tint: string; icon: LucideIcon }> = {
  chat: { label: "Chat", bar: "bg-blue-500", dot: "bg-blue-500", tint: "bg-blue-50 text-blue-600", icon: MessageSquare },
  projectGeneration: {
    label: "AI projects",
    bar: "bg-violet-500",
    dot: "bg-violet-500",
    tint: "bg-violet-50 text-violet-600",
    icon: WandSparkles,
  },
  urlScrape: { label: "URL imports", bar: "bg-amber-400", dot: "bg-amber-400", tint: "bg-amber-50 text-amber-600", icon: Link2 },
};

export const ACTION_ORDER: SpendAction[] = ["chat", "projectGeneration", "urlScrape"];
