/**
 * Client side of live text (server: convex/model/chat/liveText.ts). The
 * `chatLive` query delivers a streaming reply's newest group of text, each
 * group once; this accumulates them by index. A gap (updates merged, a
 * subscription started mid-reply, a reconnect) is reported so the caller
 * fetches the missing groups once with `liveRange`. When the reply ends,
 * the tail completes the text — no second copy — unless groups were missed,
 * in which case the settled text must be read.
 *
 * Framework-free: the React hook and the wire benchmark use the same logic.
 */
import type { FunctionReturnType } from "convex/server";
import type { api } from "../../../../convex/_generated/api";

/** What `chatLive` returns (convex/model/chat/liveText.ts); null: streaming, nothing sealed yet. */
export type LiveResult = FunctionReturnType<typeof api.chat.messages.chatLive>;
/** How the reply ended: its row in `recent` leaves this out (convex/model/chat/history.ts). */
export type LiveEnding = Pick<Extract<NonNullable<LiveResult>, { sealed: number }>, "status" | "tokens" | "error">;

export class LiveTextState {
  private groups: Array<string | undefined> = [];
  /** Groups 0..known-1 are all present. */
  private known = 0;
  private prefix = "";
  /** The final text, once the reply ended and this client had all of it. */
  final: string | null = null;
  /** The reply ended but this client missed part of it: read the settled text. */
  needsSettled = false;
  /** How the reply ended, once its end result came (null while it streams). */
  ending: LiveEnding | null = null;

  /** The text so far (a prefix of the final text). */
  get text(): string {
    return this.final ?? this.prefix;
  }

  get ended(): boolean {
    return this.final !== null || this.needsSettled;
  }

  /** Takes one result; returns the groups to fetch if it revealed a gap. */
  apply(result: LiveResult): { from: number; to: number } | null {
    if (result === null) {
      // Streaming with nothing sealed: after an end, a retry started the reply over.
      if (this.ended) this.reset();
      return null;
    }
    if (!("group" in result)) {
      const { status, tokens, error } = result;
      this.ending = { status, ...(tokens ? { tokens } : {}), ...(error ? { error } : {}) };
      if (this.ended) return null;
      const complete = this.groups.length === this.known && this.prefix.length === result.sealed;
      if (complete) this.final = this.prefix + result.tail;
      else this.needsSettled = true;
      return null;
    }
    const existing = this.groups[result.group];
    // Streaming again after it ended, or a group that differs from the one
    // held: a retry started the reply over.
    if (this.ended || (existing !== undefined && existing !== result.text)) this.reset();
    this.groups[result.group] = result.text;
    this.advance();
    return result.group > this.known ? { from: this.known, to: result.group - 1 } : null;
  }

  /**
   * Takes the chat's live result for this reply, which the client follows.
   * While the reply is the marked one, every result is about it. Once its
   * mark has gone, only its end can still come, in the update that settles
   * its row (`settled`); anything else is about a reply this client does not
   * list (another tab retried an older one), and a settled reply that gets
   * it missed its end: it reads its settled text. Returns the groups to
   * fetch, and whether anything changed.
   */
  receive(result: LiveResult, marked: boolean, settled: boolean): { gap: { from: number; to: number } | null; changed: boolean } {
    if (marked || (result !== null && "sealed" in result && settled)) return { gap: this.apply(result), changed: true };
    if (!settled || this.ended) return { gap: null, changed: false };
    this.needsSettled = true;
    return { gap: null, changed: true };
  }

  /** Groups from `from` on, fetched to fill a gap (null: the reply had ended meanwhile). */
  fill(from: number, texts: string[] | null) {
    if (!texts || this.ended) return;
    texts.forEach((text, i) => {
      this.groups[from + i] ??= text;
    });
    this.advance();
  }

  private advance() {
    while (this.groups[this.known] !== undefined) this.prefix += this.groups[this.known++];
  }

  private reset() {
    this.groups = [];
    this.known = 0;
    this.prefix = "";
    this.final = null;
    this.needsSettled = false;
    this.ending = null;
  }
}
