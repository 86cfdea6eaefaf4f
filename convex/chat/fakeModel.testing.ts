/**
 * A scripted OpenAI-compatible model for tests, installed as global `fetch`
 * so the real `openai` SDK parses a real SSE body. (Two dots in the name keep
 * Convex from deploying it.)
 */

export type SsePlan = {
  kind: "stream";
  pieces: string[];
  /** Sent as the final `usage` chunk; null sends none. */
  usage?: {
    prompt_tokens: number;
    completion_tokens: number;
    completion_tokens_details?: { reasoning_tokens?: number };
  } | null;
  /** Error the body after this many pieces (a dropped connection). */
  failAfter?: number;
  /** Pause after this many pieces until `release()` is called. */
  holdAfter?: number;
};
export type StatusPlan = { kind: "status"; status: number; headers?: Record<string, string> };
export type Plan = SsePlan | StatusPlan;

export type RecordedRequest = {
  url: string;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
    max_tokens?: number;
    max_completion_tokens?: number;
    temperature?: number;
  };
  headers: Headers;
  signal: AbortSignal | undefined;
};

const encoder = new TextEncoder();
const sse = (data: unknown) => encoder.encode(`data: ${JSON.stringify(data)}\n\n`);
const frame = (choices: unknown[], extra: object = {}) => ({
  id: "chatcmpl-test",
  object: "chat.completion.chunk",
  created: 1,
  model: "test-model",
  choices,
  ...extra,
});

export class FakeModel {
  readonly requests: RecordedRequest[] = [];
  private plans: Plan[] = [];
  private releaseHold: (() => void) | null = null;
  private held: Promise<void> | null = null;

  constructor(private fallback: Plan = { kind: "stream", pieces: ["Hello", " there", "!"] }) {}

  /** Answers the next requests with these plans, then the fallback. */
  queue(...plans: Plan[]): this {
    this.plans.push(...plans);
    return this;
  }

  setFallback(plan: Plan): this {
    this.fallback = plan;
    return this;
  }

  release(): void {
    this.releaseHold?.();
  }

  /** The last request's messages (what the model was shown). */
  lastPrompt() {
    return this.requests.at(-1)?.body.messages;
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const body = JSON.parse(String(init?.body ?? "{}")) as RecordedRequest["body"];
    const signal = init?.signal ?? undefined;
    this.requests.push({ url, body, headers: new Headers(init?.headers), signal });
    const plan = this.plans.shift() ?? this.fallback;
    if (plan.kind === "status") {
      return new Response(JSON.stringify({ error: { message: `status ${plan.status}`, type: "test" } }), {
        status: plan.status,
        headers: { "content-type": "application/json", ...plan.headers },
      });
    }
    if (plan.holdAfter !== undefined) {
      this.held = new Promise((resolve) => (this.releaseHold = resolve));
    }
    const stream = new ReadableStream<Uint8Array>({
      start: async (controller) => {
        let closed = false;
        signal?.addEventListener("abort", () => {
          if (closed) return;
          closed = true;
          controller.error(new DOMException("The operation was aborted.", "AbortError"));
        });
        const write = (chunk: Uint8Array) => !closed && controller.enqueue(chunk);
        write(sse(frame([]))); // Azure's leading chunk has no choices.
        write(sse(frame([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }])));
        for (let i = 0; i < plan.pieces.length; i++) {
          if (i === plan.holdAfter && this.held) await this.held;
          if (i === plan.failAfter) {
            if (!closed) controller.error(new TypeError("terminated"));
            closed = true;
            return;
          }
          write(sse(frame([{ index: 0, delta: { content: plan.pieces[i] }, finish_reason: null }])));
          // Let the reader run between pieces, as a network would.
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        write(sse(frame([{ index: 0, delta: {}, finish_reason: "stop" }])));
        if (plan.usage) write(sse(frame([], { usage: { ...plan.usage, total_tokens: 0 } })));
        write(encoder.encode("data: [DONE]\n\n"));
        if (!closed) controller.close();
        closed = true;
      },
    });
    return new Response(stream, { status: 200, headers: { "content-type": "text/event-stream" } });
  };
}

/** `count` pieces "w0 w1 …", handy for flush arithmetic. */
export function words(count: number, prefix = "w"): string[] {
  return Array.from({ length: count }, (_, i) => `${i === 0 ? "" : " "}${prefix}${i}`);
}
