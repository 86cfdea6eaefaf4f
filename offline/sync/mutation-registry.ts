import type { MutationResponse } from "./protocol";

const KEEP_MS = 10 * 60 * 1000;

/**
 * Mutations by client session and request id. After a reconnect the client
 * re-sends every mutation it has not seen reflected yet; each runs once and
 * later copies get the first run's response.
 */
export class MutationRegistry {
  private entries = new Map<string, { response: Promise<MutationResponse>; at: number }>();

  run(key: string, execute: () => Promise<MutationResponse>): Promise<MutationResponse> {
    const existing = this.entries.get(key);
    if (existing) return existing.response;
    const now = Date.now();
    for (const [oldKey, entry] of this.entries) {
      if (now - entry.at < KEEP_MS) break;
      this.entries.delete(oldKey);
    }
    const response = execute();
    this.entries.set(key, { response, at: now });
    return response;
  }
}
