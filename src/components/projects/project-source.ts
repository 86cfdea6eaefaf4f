import { FolderKanban, Link2, WandSparkles, type LucideIcon } from "lucide-react";

export type ProjectSource = "manual" | "ai" | "url";

/** How a project's origin looks wherever a project is shown (dashboard card, project page). */
export const PROJECT_SOURCE: Record<ProjectSource, { icon: LucideIcon; label: string; tint: string }> = {
  manual: { icon: FolderKanban, label: "Project", tint: "bg-slate-100 text-slate-600" },
  ai: { icon: WandSparkles, label: "Generated with AI", tint: "bg-violet-50 text-violet-600" },
  url: { icon: Link2, label: "Made from a page", tint: "bg-amber-50 text-amber-600" },
};
