import WebSocket from "ws";

/**
 * What one client's WebSocket carried: frames and bytes each way, and the
 * query-result bytes inside the Transitions it received (the JSON of each
 * QueryUpdated value, as the server encoded it).
 */
export class WireTally {
  framesIn = 0;
  bytesIn = 0;
  framesOut = 0;
  bytesOut = 0;
  transitions = 0;
  resultBytes = 0;
  /** Every query result received, as sent (for tests and inspection). */
  readonly results: Array<{ queryId: number; json: string }> = [];
  private keep = false;
  /** The socket in use (a test may drop it, as a network would). */
  socket: WebSocket | null = null;

  reset(keepResults = false) {
    this.framesIn = this.bytesIn = this.framesOut = this.bytesOut = this.transitions = this.resultBytes = 0;
    this.results.length = 0;
    this.keep = keepResults;
  }

  received(data: string) {
    this.framesIn += 1;
    this.bytesIn += Buffer.byteLength(data, "utf8");
    const message = JSON.parse(data) as { type: string; modifications?: Array<{ type: string; queryId: number; value?: unknown }> };
    if (message.type !== "Transition") return;
    this.transitions += 1;
    for (const change of message.modifications ?? []) {
      if (change.type !== "QueryUpdated") continue;
      const json = JSON.stringify(change.value);
      this.resultBytes += Buffer.byteLength(json, "utf8");
      if (this.keep) this.results.push({ queryId: change.queryId, json });
    }
  }

  sent(data: string) {
    this.framesOut += 1;
    this.bytesOut += Buffer.byteLength(data, "utf8");
  }
}

/** A WebSocket class for `ConvexClient`'s `webSocketConstructor` that reports every frame to `tally` (benchmarks, tests). */
export function countingWebSocket(tally: WireTally): typeof globalThis.WebSocket {
  class CountingWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      tally.socket = this;
      this.on("message", (data: WebSocket.RawData, isBinary: boolean) => {
        if (!isBinary) tally.received(data.toString());
      });
    }

    override send(data: unknown, ...rest: unknown[]) {
      if (typeof data === "string") tally.sent(data);
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  return CountingWebSocket as unknown as typeof globalThis.WebSocket;
}
