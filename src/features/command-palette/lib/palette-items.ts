import type { FunctionReturnType } from "convex/server";
import { projectPath } from "@/features/projects/lib/project-path";
import type { api } from "../../../../convex/_generated/api";

export type SearchResult = FunctionReturnType<typeof api.chat.search.find>;
type Snippet = SearchResult["messages"][number]["snippet"];

/** What a palette row does when chosen: go somewhere, or run an action. */
export type PaletteItem = {
  id: string;
  group: "Actions" | "Pages" | "Chats" | "Projects" | "Messages";
  label: string;
  /** A second line: where it is, or the matched text. */
  detail?: string;
  snippet?: Snippet;
  to?: string;
  action?: "exportData";
  archived?: boolean;
};

export type PalettePage = { to: string; label: string };
type Chat = { _id: string; displayId: string; title: string };
type Project = { _id: string; name: string };

export const GROUP_ORDER: PaletteItem["group"][] = ["Actions", "Pages", "Chats", "Messages", "Projects"];

const matches = (text: string, query: string) => text.toLowerCase().includes(query.toLowerCase());

/**
 * The palette's rows for `query`: actions, pages, chats (recent ones, then
 * the server's title matches), messages (server search) and projects, in
 * that order, without duplicates.
 */
export function paletteItems({
  query,
  pages,
  recentChats,
  projects,
  search,
}: {
  query: string;
  pages: PalettePage[];
  recentChats: Chat[];
  projects: Project[];
  search: SearchResult | undefined;
}): PaletteItem[] {
  const q = query.trim();
  const items: PaletteItem[] = [];
  const actions: PaletteItem[] = [
    { id: "action:new-chat", group: "Actions", label: "New chat", to: "/chat" },
    { id: "action:export", group: "Actions", label: "Export my data", action: "exportData" },
  ];
  const allPages: PaletteItem[] = [
    ...pages.map((page) => ({ id: `page:${page.to}`, group: "Pages" as const, label: page.label, to: page.to })),
    { id: "page:archived", group: "Pages", label: "Archived chats", to: "/chat?view=archived" },
  ];
  items.push(...[...actions, ...allPages].filter((item) => !q || matches(item.label, q)));

  const seen = new Set<string>();
  const chat = (c: Chat, extra: Partial<PaletteItem> = {}): PaletteItem => {
    seen.add(c._id);
    return { id: `chat:${c._id}`, group: "Chats", label: c.title, to: `/chat/${c.displayId}`, detail: c.displayId, ...extra };
  };
  const hits = new Map((search?.chats ?? []).map((c) => [c.sessionId as string, c]));
  for (const c of recentChats) {
    const hit = hits.get(c._id);
    if (!q || hit || matches(c.title, q)) items.push(chat(c, hit ? { snippet: hit.snippet, archived: hit.archived } : {}));
  }
  for (const c of search?.chats ?? []) {
    if (!seen.has(c.sessionId)) {
      items.push(chat({ _id: c.sessionId, displayId: c.displayId, title: c.title }, { snippet: c.snippet, archived: c.archived }));
    }
  }
  for (const m of search?.messages ?? []) {
    items.push({
      id: `message:${m.messageId}`,
      group: "Messages",
      label: m.title,
      detail: m.role === "user" ? "You" : "Helm",
      snippet: m.snippet,
      to: `/chat/${m.displayId}?message=${m.messageId}`,
      archived: m.archived,
    });
  }
  for (const p of projects) {
    if (!q || matches(p.name, q)) items.push({ id: `project:${p._id}`, group: "Projects", label: p.name, to: projectPath(p) });
  }
  return GROUP_ORDER.flatMap((group) => items.filter((item) => item.group === group));
}
