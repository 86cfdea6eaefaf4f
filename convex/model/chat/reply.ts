import { internal } from "../../_generated/api";
import type { Id } from "../../_generated/dataModel";
import type { ActionCtx } from "../../_generated/server";
import { createCatalogueClient, createModelClient, ModelError, toModelError, type ModelUsage } from "../ai/llm";
import { findModel, modelCatalogue } from "../ai/catalogue";
import { composePrompt, estimateUsage, needsTokenCounter } from "./prompt";
import { encodingFor, tokenCounter } from "./tokens";
import { FLUSH_INTERVAL_MS, StreamBuffer } from "./streamBuffer";
import { MAX_STREAM_CHUNKS, type StreamStart } from "./streaming";
import { GroupSealer } from "./liveText";

/** No event from the model for this long ends the reply as timed out (reasoning models can think for a while before their first token). */
export const STREAM_IDLE_TIMEOUT_MS = 180_000;

/**
 * The start of generation is written with the first text, in the same
 * write as the first group, so watchers get no update for it; a model that
 * has sent nothing this long gets it written alone, well before a view
 * would say the reply waits for a slot (3 s). A reasoning model's is
 * written at once: it thinks before its first token, and the view says so
 * ("Thinking…") as soon as the reply runs.
 */
export const START_WITHIN_MS = 1000;

type Finish = {
  outcome: "complete" | "error" | "stopped";
  text: string;
  error?: string;
  tokens?: ModelUsage;
};

/**
 * Writes buffered text as chunk rows, one mutation at a time so rows arrive
 * in order, while the model keeps streaming; the first write also marks the
 * start (START_WITHIN_MS). A write answering "stop" (the user pressed Stop,
 * or the chat was deleted) aborts the model call.
 */
class ChunkWriter {
  private seq: number;
  private readonly sealer: GroupSealer;
  /** Not written yet: who answers, for the first write. */
  private start: StreamStart | null;
  private readonly startBy: number;
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerDue = 0;
  /** Text that reached the database: what a stopped reply keeps. */
  flushed = "";
  stopped = false;
  failure: unknown = null;
  /** Set once the stream ended: no new writes may start after settle(). */
  private closed = false;

  constructor(
    private readonly ctx: ActionCtx,
    private readonly messageId: Id<"chatMessages">,
    private readonly buffer: StreamBuffer,
    private readonly abort: AbortController,
    start: StreamStart,
    /** A continued reply's stopped text, already written as chunk row 0 and group 0 by the mutation. */
    prefix: string,
    startWithin: number,
  ) {
    this.start = start;
    this.startBy = Date.now() + startWithin;
    this.seq = prefix ? 1 : 0;
    this.sealer = new GroupSealer(Date.now, prefix ? { index: 1, fromSeq: 1 } : undefined);
    this.flushed = prefix;
  }

  /**
   * Writes if a flush or a group seal is due; otherwise makes sure a timer
   * comes back when one will be (50 ms for waiting text, the group deadline
   * for written rows watchers have not been sent).
   */
  kick(): void {
    if (this.closed || this.inFlight || this.stopped) return;
    let text = "";
    let seq = this.seq;
    if (this.seq < MAX_STREAM_CHUNKS && this.buffer.shouldFlush()) {
      text = this.buffer.take();
      seq = this.seq++;
      this.sealer.wrote(seq, text.length);
    }
    const seal = this.sealer.sealIfDue();
    const start = this.start && (text !== "" || seal || Date.now() >= this.startBy) ? this.start : undefined;
    if (text === "" && !seal && !start) {
      this.arm();
      return;
    }
    this.start = null;
    this.clearTimer();
    this.inFlight = this.ctx
      .runMutation(internal.chat.streaming.appendStreamChunk, { messageId: this.messageId, seq, text, seal, start })
      .then(
        (keepGoing) => {
          this.inFlight = null;
          if (keepGoing) {
            this.flushed += text;
            this.kick();
          } else {
            this.stopped = true;
            this.abort.abort();
          }
        },
        (error: unknown) => {
          this.inFlight = null;
          this.failure = error;
          this.abort.abort();
        },
      );
  }

  private arm() {
    const flushIn = this.buffer.pending && this.seq < MAX_STREAM_CHUNKS ? FLUSH_INTERVAL_MS : Infinity;
    const startIn = this.start ? Math.max(0, this.startBy - Date.now()) : Infinity;
    const delay = Math.min(flushIn, startIn, this.sealer.msUntilDue() ?? Infinity);
    if (delay === Infinity) return;
    const due = Date.now() + delay;
    // An earlier deadline replaces a later one (text arriving while only a seal was waiting).
    if (this.timer && this.timerDue <= due) return;
    this.clearTimer();
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, delay);
  }

  /**
   * Waits for the write in flight; the tail goes out with finalize instead.
   * A reply that ended before anything was written (a failure, an empty
   * answer) still records who answered.
   */
  async settle(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    while (this.inFlight) await this.inFlight;
    const start = this.start;
    this.start = null;
    if (!start || this.stopped || this.failure) return;
    try {
      const keepGoing = await this.ctx.runMutation(internal.chat.streaming.appendStreamChunk, {
        messageId: this.messageId,
        seq: this.seq,
        text: "",
        start,
      });
      if (!keepGoing) this.stopped = true;
    } catch (error) {
      this.failure = error;
    }
  }

  private clearTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

async function finish(ctx: ActionCtx, messageId: Id<"chatMessages">, result: Finish) {
  await ctx.runMutation(internal.chat.streaming.finalizeStreamMessage, { messageId, ...result });
}

/**
 * The reply's model client from the catalogue, and whether it reasons. One
 * removed since the send (or a catalogue that no longer reads) fails the
 * reply as misconfigured, refunded.
 */
function clientFor(modelId: string | undefined) {
  if (modelId === undefined) return { client: createModelClient(), reasoning: false };
  let model;
  try {
    model = findModel(modelCatalogue(), modelId);
  } catch (error) {
    throw new ModelError("misconfigured", error instanceof Error ? error.message : String(error));
  }
  if (!model) throw new ModelError("misconfigured", `the model "${modelId}" is no longer in the catalogue`);
  return { client: createCatalogueClient(model), reasoning: model.family === "reasoning" };
}

/** The whole life of one reply, from prompt to final text. */
export async function runReply(ctx: ActionCtx, messageId: Id<"chatMessages">): Promise<void> {
  const parts = await ctx.runQuery(internal.chat.prompt.buildPrompt, { messageId });
  if (!parts) return;
  let client;
  let reasoning;
  try {
    ({ client, reasoning } = clientFor("modelId" in parts ? parts.modelId : undefined));
  } catch (error) {
    // A configuration the SDK refuses ends the reply now, refunded, instead of at the sweeper.
    const failure = toModelError(error);
    console.warn(`reply ${messageId} failed: ${failure.kind} ${failure.detail ?? ""}`);
    await finish(ctx, messageId, { outcome: "error", text: "", error: failure.message });
    return;
  }
  if (!client) {
    const error = new ModelError("not_configured").message;
    await finish(ctx, messageId, { outcome: "error", text: "", error });
    return;
  }
  // The tokenizer loads only when needed: to cut the projects context, or to
  // estimate usage a provider did not report.
  const counter = () => tokenCounter(encodingFor(client.model));
  const prompt = composePrompt(parts, needsTokenCounter(parts) ? await counter() : null);
  const prefix = ("continuation" in parts ? parts.continuation : undefined) ?? "";
  const abort = new AbortController();
  const buffer = new StreamBuffer();
  const start = { provider: client.provider, model: client.model };
  const writer = new ChunkWriter(ctx, messageId, buffer, abort, start, prefix, reasoning ? 0 : START_WITHIN_MS);
  let usage: ModelUsage | undefined;
  let failure: ModelError | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let idle = false;
  const armIdleTimer = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idle = true;
      abort.abort();
    }, STREAM_IDLE_TIMEOUT_MS);
  };

  armIdleTimer();
  // Arms the start's deadline, in case the model is slow to say anything.
  writer.kick();
  try {
    for await (const event of client.streamChat(prompt, { signal: abort.signal })) {
      armIdleTimer();
      if (event.type === "text") {
        buffer.push(event.text);
        writer.kick();
      } else if (event.type === "usage") {
        usage = event.usage;
      }
    }
  } catch (error) {
    failure = toModelError(error, buffer.text !== "");
  } finally {
    clearTimeout(idleTimer);
  }
  await writer.settle();

  if (writer.stopped) {
    const tokens = usage ?? estimateUsage(prompt, writer.flushed.slice(prefix.length), await counter());
    await finish(ctx, messageId, { outcome: "stopped", text: writer.flushed, tokens });
    return;
  }
  const text = prefix + buffer.text;
  const tokens = usage ?? estimateUsage(prompt, buffer.text, await counter());
  if (idle) failure = new ModelError("timeout", "no stream event for too long");
  if (writer.failure) failure = toModelError(writer.failure, true);
  if (!failure && buffer.text.trim() === "") failure = new ModelError("empty_reply");
  if (failure) {
    console.warn(`reply ${messageId} failed: ${failure.kind} ${failure.detail ?? ""}`);
    await finish(ctx, messageId, { outcome: "error", text, error: failure.message, tokens });
    return;
  }
  await finish(ctx, messageId, { outcome: "complete", text, tokens });
}
