/** The dev sign-in remembers who signed in last, and recent names to pick from. */
const CURRENT_KEY = "helm.dev-auth.name";
const RECENT_KEY = "helm.dev-auth.recent";
const MAX_RECENT = 5;
export const MAX_NAME_LENGTH = 60;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function normalizeName(name: string): string {
  return name.trim().replace(/\s+/g, " ");
}

export function currentName(): string | null {
  const name = storage()?.getItem(CURRENT_KEY);
  return name ? normalizeName(name) || null : null;
}

export function recentNames(): string[] {
  try {
    const list = JSON.parse(storage()?.getItem(RECENT_KEY) ?? "[]") as unknown;
    return Array.isArray(list) ? list.filter((n): n is string => typeof n === "string").slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

/** Signs `name` in for the next visits and moves it to the top of the recent list. */
export function rememberName(name: string) {
  const store = storage();
  if (!store) return;
  store.setItem(CURRENT_KEY, name);
  const recent = [name, ...recentNames().filter((n) => n.toLowerCase() !== name.toLowerCase())];
  store.setItem(RECENT_KEY, JSON.stringify(recent.slice(0, MAX_RECENT)));
}

/** Sign-out: forget who is signed in (the recent list stays, for next time). */
export function forgetCurrentName() {
  storage()?.removeItem(CURRENT_KEY);
}

export type DevToken = { token: string; expiresAt: number };

/** Asks the offline backend for a short-lived token for `name`. */
export async function fetchDevToken(convexUrl: string, name: string): Promise<DevToken> {
  const response = await fetch(`${convexUrl.replace(/\/$/, "")}/_helm/dev-auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name }),
  });
  if (!response.ok) throw new Error(`The offline backend refused the sign-in (${response.status}).`);
  return (await response.json()) as DevToken;
}
