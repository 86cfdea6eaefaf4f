import type OpenAI from "openai";
import type { ChatCompletionCreateParamsBase } from "openai/resources/chat/completions";
import { ModelError, toModelError } from "./errors";
import type { ModelSpec } from "./models";
import type { CallOptions, JsonResult, ModelClient, ModelProvider, ModelUsage, PromptMessage, StreamEvent } from "./types";
import { readChunk, readCompletion, requestParams } from "./wire";

/** Until response headers arrive. A non-streamed answer only has headers once it is complete. */
export const REQUEST_TIMEOUT_MS = 60_000;
/** A non-streamed reasoning answer can think for minutes before its headers. */
export const REASONING_REQUEST_TIMEOUT_MS = 240_000;
/** A streamed JSON answer silent this long is abandoned (the chat reply guards its own stream). */
export const JSON_STREAM_IDLE_MS = 180_000;

type Extra = Partial<ChatCompletionCreateParamsBase>;

/**
 * Azure OpenAI, any OpenAI-compatible endpoint and the offline model, all
 * through the `openai` SDK, so the offline path exercises the real client.
 */
export class OpenAICompatibleClient implements ModelClient {
  constructor(
    readonly provider: ModelProvider,
    /** The model's name, recorded with each reply. */
    readonly model: string,
    /** What goes in the request's `model` field (Azure: the deployment). */
    private readonly wireModel: string,
    private readonly sdk: OpenAI,
    private readonly spec: ModelSpec,
  ) {}

  private params(messages: PromptMessage[], options: CallOptions, temperature: number, extra: Extra = {}) {
    return {
      ...requestParams(this.wireModel, messages, this.spec, options, temperature, this.provider === "azure"),
      ...extra,
    };
  }

  private async *stream(messages: PromptMessage[], options: CallOptions, temperature: number, extra?: Extra) {
    let stream;
    try {
      stream = await this.sdk.chat.completions.create(
        { ...this.params(messages, options, temperature, extra), stream: true, stream_options: { include_usage: true } },
        { signal: options.signal },
      );
    } catch (error) {
      throw toModelError(error);
    }
    try {
      for await (const chunk of stream) {
        const { text, finish, usage } = readChunk(chunk);
        if (text) yield { type: "text" as const, text };
        if (finish) yield { type: "finish" as const, reason: finish };
        if (usage) yield { type: "usage" as const, usage };
      }
    } catch (error) {
      throw toModelError(error, true);
    }
  }

  private async complete(messages: PromptMessage[], options: CallOptions, temperature: number, extra?: Extra) {
    const timeout = this.spec.family === "reasoning" ? REASONING_REQUEST_TIMEOUT_MS : REQUEST_TIMEOUT_MS;
    let completion;
    try {
      completion = await this.sdk.chat.completions.create(
        { ...this.params(messages, options, temperature, extra), stream: false },
        { signal: options.signal, timeout },
      );
    } catch (error) {
      throw toModelError(error);
    }
    return readCompletion(completion);
  }

  async *streamChat(messages: PromptMessage[], options: CallOptions = {}): AsyncIterable<StreamEvent> {
    if (this.spec.streams) {
      yield* this.stream(messages, options, 0.7);
      return;
    }
    const answer = await this.complete(messages, options, 0.7);
    if (answer.text) yield { type: "text", text: answer.text };
    if (answer.finish) yield { type: "finish", reason: answer.finish };
    if (answer.usage) yield { type: "usage", usage: answer.usage };
  }

  /**
   * A reasoning model that streams is streamed here too: its headers come at
   * once, so no request timeout cuts a long think short; silence is bounded
   * by JSON_STREAM_IDLE_MS instead.
   */
  private async collect(messages: PromptMessage[], options: CallOptions, extra: Extra) {
    const abort = new AbortController();
    const forward = () => abort.abort();
    options.signal?.addEventListener("abort", forward, { once: true });
    let idle = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        idle = true;
        abort.abort();
      }, JSON_STREAM_IDLE_MS);
    };
    let text = "";
    let usage: ModelUsage | undefined;
    try {
      arm();
      for await (const event of this.stream(messages, { ...options, signal: abort.signal }, 0.2, extra)) {
        arm();
        if (event.type === "text") text += event.text;
        else if (event.type === "usage") usage = event.usage;
      }
    } catch (error) {
      if (idle) throw new ModelError("timeout", "no stream event for too long");
      throw error;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", forward);
    }
    return { text, usage };
  }

  async completeJson(messages: PromptMessage[], options: CallOptions = {}): Promise<JsonResult> {
    const extra: Extra = { response_format: { type: "json_object" } };
    const answer =
      this.spec.family === "reasoning" && this.spec.streams
        ? await this.collect(messages, options, extra)
        : await this.complete(messages, options, 0.2, extra);
    let value: unknown;
    try {
      value = JSON.parse(answer.text);
    } catch {
      throw new ModelError("invalid_output", `not JSON: ${answer.text.slice(0, 200)}`);
    }
    return { value, text: answer.text, usage: answer.usage, provider: this.provider, model: this.model };
  }
}
