/**
 * Decides when a streaming reply's buffered text is written to the database:
 * after FLUSH_INTERVAL_MS have passed since the last write or once
 * FLUSH_TOKENS tokens are waiting, whichever comes first. Few enough writes
 * to keep the database calm, often enough that the text looks live.
 */
export const FLUSH_INTERVAL_MS = 50;
export const FLUSH_TOKENS = 10;

export class StreamBuffer {
  private pendingText = "";
  private pendingTokens = 0;
  private lastFlushAt: number;
  /** Every piece of text received, flushed or not. */
  private all = "";

  constructor(private readonly now: () => number = Date.now) {
    this.lastFlushAt = now();
  }

  /** Adds one streamed piece (the SDK yields about a token at a time). */
  push(text: string): void {
    this.pendingText += text;
    this.pendingTokens += 1;
    this.all += text;
  }

  shouldFlush(): boolean {
    if (this.pendingText === "") return false;
    return (
      this.pendingTokens >= FLUSH_TOKENS || this.now() - this.lastFlushAt >= FLUSH_INTERVAL_MS
    );
  }

  /** Hands over the pending text and starts a new interval. */
  take(): string {
    const text = this.pendingText;
    this.pendingText = "";
    this.pendingTokens = 0;
    this.lastFlushAt = this.now();
    return text;
  }

  /** Text is waiting to be written. */
  get pending(): boolean {
    return this.pendingText !== "";
  }

  get text(): string {
    return this.all;
  }
}
