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

/**
 * What `chatLive` returns (convex/model/chat/liveText.ts): `{queued}` while
 * the reply waits for a slot, null once it runs with nothing sealed yet, a
 * group, or its end.
 */
export type LiveResult = FunctionReturnType<typeof api.chat.messages.chatLive>;
type EndResult = Extract<NonNullable<LiveResult>, { sealed: number }>;
/** What the reply's run settled: its row in `recent` leaves this out (convex/model/chat/history.ts). */
export type LiveEnding = Omit<EndResult, "sealed" | "tail">;

/** The ending an end result gives; null for a result of a reply still streaming. */
export function endingOf(result: LiveResult): LiveEnding | null {
  if (result === null || !("sealed" in result)) return null;
  const { sealed: _sealed, tail: _tail, ...ending } = result;
  return ending;
}

const sameEnd = (a: EndResult, b: EndResult) => a.sealed === b.sealed && a.tail === b.tail && a.status === b.status;

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
  /** The end result that ended it. */
  private end: EndResult | null = null;

  /** The text so far (a prefix of the final text). */
  get text(): string {
    return this.final ?? this.prefix;
  }

  get ended(): boolean {
    return this.final !== null || this.needsSettled;
  }

  /** Takes one result; returns the groups to fetch if it revealed a gap. */
  apply(result: LiveResult): { from: number; to: number } | null {
    if (result === null || "queued" in result) {
      // Streaming with nothing sealed: after an end, a retry started the reply over.
      if (this.ended) this.reset();
      return null;
    }
    if ("sealed" in result) {
      // A different end after an end: a retry ran to its end between two results this client got.
      if (this.ended && this.end && !sameEnd(this.end, result)) this.reset();
      this.ending = endingOf(result);
      if (this.ended) return null;
      this.end = result;
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
   * mark has gone (a reply in the history loses it as it ends; one in
   * `recent` when another reply takes the chat's live text), only its end
   * can still come, in the update that settles its row (`settled`), which
   * shows its own status; anything else is about another reply (another tab
   * retried an older one), and a settled reply that gets it missed its end:
   * it reads its settled text. Returns the groups to fetch, and whether
   * anything changed.
   */
  receive(result: LiveResult, marked: boolean, settled: boolean): { gap: { from: number; to: number } | null; changed: boolean } {
    if (marked) return { gap: this.apply(result), changed: true };
    if (result !== null && "sealed" in result && settled) {
      // Once ended, an end without the mark is another reply's.
      if (this.ended) return { gap: null, changed: false };
      const gap = this.apply(result);
      // The row says how it ended; an ending taken from a result that may be another reply's stays out.
      this.ending = null;
      return { gap, changed: true };
    }
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
    this.end = null;
  }
}
