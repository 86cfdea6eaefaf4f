import type { ChatSession } from "./types";

export type SessionGroup = { label: string; sessions: ChatSession[] };

const DAY = 86_400_000;

function startOfDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

function groupLabel(updatedAt: number, today: number): string {
  if (updatedAt >= today) return "Today";
  if (updatedAt >= today - DAY) return "Yesterday";
  if (updatedAt >= today - 7 * DAY) return "Previous 7 days";
  if (updatedAt >= today - 30 * DAY) return "Previous 30 days";
  return "Older";
}

/** Buckets sessions (already newest first) under date headings, keeping order. */
export function groupSessions(sessions: ChatSession[], now = Date.now()): SessionGroup[] {
  const today = startOfDay(now);
  const groups: SessionGroup[] = [];
  for (const session of sessions) {
    const label = groupLabel(session.updatedAt, today);
    const last = groups[groups.length - 1];
    if (last?.label === label) last.sessions.push(session);
    else groups.push({ label, sessions: [session] });
  }
  return groups;
}
