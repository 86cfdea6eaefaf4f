import OpenAI, { AzureOpenAI } from "openai";
import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { modelProviderConfig, type ModelProviderConfig } from "../config";
import { ModelError, toModelError } from "./errors";

export { ModelError, toModelError, type ModelErrorKind } from "./errors";

/**
 * The one model interface Helm uses (chat and AI project generation). Azure
 * OpenAI, any OpenAI-compatible endpoint and the offline model all go
 * through the `openai` SDK, so the offline path exercises the real client.
 */

export type ModelProvider = "azure" | "openai" | "offline";
export type PromptRole = "system" | "user" | "assistant";
export type PromptMessage = { role: PromptRole; content: string };
export type ModelUsage = { input: number; output: number };

export type StreamEvent =
  | { type: "text"; text: string }
  | { type: "usage"; usage: ModelUsage }
  | { type: "finish"; reason: string };

export type CallOptions = {
  signal?: AbortSignal;
  /** Visible reply budget; reasoning models get extra room to think. */
  maxOutputTokens?: number;
};

export type JsonResult = {
  value: unknown;
  text: string;
  usage: ModelUsage | undefined;
  provider: ModelProvider;
  model: string;
};

export interface ModelClient {
  readonly provider: ModelProvider;
  readonly model: string;
  streamChat(messages: PromptMessage[], options?: CallOptions): AsyncIterable<StreamEvent>;
  completeJson(messages: PromptMessage[], options?: CallOptions): Promise<JsonResult>;
}

/** Rate limits, 408/409 and 5xx are retried by the SDK with exponential backoff. */
export const MODEL_MAX_RETRIES = 2;
/** Until response headers arrive; the caller guards the stream itself. */
const REQUEST_TIMEOUT_MS = 60_000;
const DEFAULT_CHAT_TOKENS = 8192;
const REASONING_HEADROOM_TOKENS = 8192;

/** o-series and gpt-5 models: developer role, max_completion_tokens, no temperature. */
export function isReasoningModel(name: string): boolean {
  return /(^|[^a-z0-9])(o\d|gpt-5)/i.test(name);
}

type Shape = {
  reasoning: boolean;
  /** Azure and reasoning models only accept max_completion_tokens. */
  useMaxCompletionTokens: boolean;
};

function toWireMessages(messages: PromptMessage[], shape: Shape): ChatCompletionMessageParam[] {
  return messages.map((m) =>
    m.role === "system" && shape.reasoning
      ? { role: "developer" as const, content: m.content }
      : { role: m.role, content: m.content },
  );
}

function requestParams(
  model: string,
  messages: PromptMessage[],
  shape: Shape,
  options: CallOptions,
  temperature: number,
): ChatCompletionCreateParamsBase {
  const visible = options.maxOutputTokens ?? DEFAULT_CHAT_TOKENS;
  const budget = shape.reasoning ? visible + REASONING_HEADROOM_TOKENS : visible;
  return {
    model,
    messages: toWireMessages(messages, shape),
    ...(shape.useMaxCompletionTokens ? { max_completion_tokens: budget } : { max_tokens: budget }),
    ...(shape.reasoning ? {} : { temperature }),
  };
}

function usageOf(usage: { prompt_tokens?: number; completion_tokens?: number } | null | undefined) {
  if (!usage || typeof usage.prompt_tokens !== "number") return undefined;
  return { input: usage.prompt_tokens, output: usage.completion_tokens ?? 0 };
}

class OpenAICompatibleClient implements ModelClient {
  constructor(
    readonly provider: ModelProvider,
    readonly model: string,
    private readonly sdk: OpenAI,
    private readonly shape: Shape,
  ) {}

  async *streamChat(messages: PromptMessage[], options: CallOptions = {}) {
    let stream;
    try {
      stream = await this.sdk.chat.completions.create(
        {
          ...requestParams(this.model, messages, this.shape, options, 0.7),
          stream: true,
          stream_options: { include_usage: true },
        },
        { signal: options.signal },
      );
    } catch (error) {
      throw toModelError(error);
    }
    try {
      for await (const chunk of stream) {
        // Azure's first chunk carries only prompt filter results (no choices),
        // and the usage chunk that ends a stream has empty choices too.
        const choice = chunk.choices[0];
        const text = choice?.delta?.content;
        if (text) yield { type: "text" as const, text };
        if (choice?.finish_reason) {
          if (choice.finish_reason === "content_filter") throw new ModelError("content_filter");
          yield { type: "finish" as const, reason: choice.finish_reason };
        }
        const usage = usageOf(chunk.usage);
        if (usage) yield { type: "usage" as const, usage };
      }
    } catch (error) {
      throw toModelError(error, true);
    }
  }

  async completeJson(messages: PromptMessage[], options: CallOptions = {}): Promise<JsonResult> {
    let completion;
    try {
      completion = await this.sdk.chat.completions.create(
        {
          ...requestParams(this.model, messages, this.shape, options, 0.2),
          response_format: { type: "json_object" },
          stream: false,
        },
        { signal: options.signal },
      );
    } catch (error) {
      throw toModelError(error);
    }
    const choice = completion.choices[0];
    if (choice?.finish_reason === "content_filter") throw new ModelError("content_filter");
    const text = choice?.message?.content ?? "";
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ModelError("invalid_output", `not JSON: ${text.slice(0, 200)}`);
    }
    return { value, text, usage: usageOf(completion.usage), provider: this.provider, model: this.model };
  }
}

const sdkOptions = { maxRetries: MODEL_MAX_RETRIES, timeout: REQUEST_TIMEOUT_MS };

/** The configured model, or null when no provider is set up. */
export function createModelClient(
  config: ModelProviderConfig = modelProviderConfig(),
): ModelClient | null {
  switch (config.kind) {
    case "azure": {
      const sdk = new AzureOpenAI({
        endpoint: config.endpoint,
        apiKey: config.apiKey,
        apiVersion: config.apiVersion,
        deployment: config.deployment,
        ...sdkOptions,
      });
      const reasoning = isReasoningModel(config.deployment);
      return new OpenAICompatibleClient("azure", config.deployment, sdk, {
        reasoning,
        useMaxCompletionTokens: true,
      });
    }
    case "openai":
    case "offline": {
      const sdk = new OpenAI({
        baseURL: config.baseURL,
        apiKey: config.kind === "openai" ? config.apiKey : "offline",
        ...sdkOptions,
      });
      const reasoning = isReasoningModel(config.model);
      return new OpenAICompatibleClient(config.kind, config.model, sdk, {
        reasoning,
        useMaxCompletionTokens: reasoning,
      });
    }
    case "none":
      return null;
  }
}

/** One JSON answer from the configured model (AI project generation). */
export async function completeJson(
  messages: PromptMessage[],
  options: CallOptions = {},
): Promise<JsonResult> {
  const client = createModelClient();
  if (!client) throw new ModelError("not_configured");
  return await client.completeJson(messages, options);
}
