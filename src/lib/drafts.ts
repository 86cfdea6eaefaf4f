/*
 * Unsent message text per chat ("new" for a new chat), kept in localStorage
 * so a draft survives switching chats, a reload, and a trip to checkout and
 * back. Signing out forgets every draft: the next person on a shared
 * machine must not find them.
 */

const PREFIX = "helm.draft.";

export function readDraft(key: string): string {
  try {
    return localStorage.getItem(PREFIX + key) ?? "";
  } catch {
    return "";
  }
}

export function writeDraft(key: string, text: string) {
  try {
    if (text === "") localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, text);
  } catch {
    // Private mode or full storage: the draft lives as long as the page.
  }
}

export function clearAllDrafts() {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
  } catch {
    // Nothing was stored.
  }
}
