import { CalendarCheck, FileText, Lightbulb, ListTodo, type LucideIcon } from "lucide-react";

export type SuggestedPrompt = { title: string; prompt: string; icon: LucideIcon };

export const SUGGESTED_PROMPTS: SuggestedPrompt[] = [
  {
    title: "Plan my week",
    prompt: "Help me plan a focused week: how should I split my time between deep work, meetings and admin?",
    icon: CalendarCheck,
  },
  {
    title: "Break down a goal",
    prompt: "Break down the goal \"launch a company blog\" into concrete tasks with rough time estimates.",
    icon: ListTodo,
  },
  {
    title: "Draft a project brief",
    prompt: "Write a one-page project brief for adding dark mode to a web app: goals, scope, risks and milestones.",
    icon: FileText,
  },
  {
    title: "Explain a concept",
    prompt: "Explain optimistic UI updates in a web app, with a short TypeScript example.",
    icon: Lightbulb,
  },
];
