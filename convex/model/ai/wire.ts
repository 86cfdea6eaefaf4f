import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";
import { ModelError } from "./errors";
import { DEFAULT_OUTPUT_TOKENS, type ModelSpec } from "./models";
import type { CallOptions, ModelUsage, PromptMessage } from "./types";

/**
 * Chat Completions requests as each model family takes them, and the parts
 * of the provider's answers Helm reads. The answers' shapes are pinned by
 * the fixtures in `convex/model/ai/fixtures/` (contract tests beside them).
 */

/** Room to think on top of the visible reply, for reasoning models. */
const REASONING_HEADROOM_TOKENS = 8_192;

export function toWireMessages(messages: PromptMessage[], spec: ModelSpec): ChatCompletionMessageParam[] {
  if (spec.instructions === "user") {
    // o1-mini and o1-preview take neither system nor developer messages.
    const instructions = messages.filter((m) => m.role === "system").map((m) => m.content);
    const rest = messages.filter((m) => m.role !== "system");
    if (instructions.length === 0) return rest.map((m) => ({ role: m.role, content: m.content }) as ChatCompletionMessageParam);
    const firstUser = rest.findIndex((m) => m.role === "user");
    const lead = instructions.join("\n\n");
    if (firstUser === -1) return [{ role: "user", content: lead }, ...rest.map((m) => ({ ...m }) as ChatCompletionMessageParam)];
    return rest.map((m, i) =>
      i === firstUser
        ? { role: "user" as const, content: `${lead}\n\n${m.content}` }
        : ({ role: m.role, content: m.content } as ChatCompletionMessageParam),
    );
  }
  return messages.map((m) =>
    m.role === "system" && spec.instructions === "developer"
      ? { role: "developer" as const, content: m.content }
      : ({ role: m.role, content: m.content } as ChatCompletionMessageParam),
  );
}

/** The output budget: the visible reply (plus thinking room) within the model's own limit. */
export function outputBudget(spec: ModelSpec, options: CallOptions): number {
  const visible = options.maxOutputTokens ?? DEFAULT_OUTPUT_TOKENS;
  const wanted = spec.family === "reasoning" ? visible + REASONING_HEADROOM_TOKENS : visible;
  return Math.min(wanted, spec.maxOutputTokens);
}

/**
 * Reasoning models refuse `temperature` and `max_tokens` (Azure's reasoning
 * guide, "Not supported"); Azure takes `max_completion_tokens` for every model.
 */
export function requestParams(
  model: string,
  messages: PromptMessage[],
  spec: ModelSpec,
  options: CallOptions,
  temperature: number,
  azure: boolean,
): ChatCompletionCreateParamsBase {
  const reasoning = spec.family === "reasoning";
  const budget = outputBudget(spec, options);
  return {
    model,
    messages: toWireMessages(messages, spec),
    ...(azure || reasoning ? { max_completion_tokens: budget } : { max_tokens: budget }),
    ...(reasoning ? {} : { temperature }),
  };
}

/** Token counts as the provider reported them; `reasoning` only when it says (part of `output`). */
export function usageOf(usage: CompletionUsage | null | undefined): ModelUsage | undefined {
  if (!usage || typeof usage.prompt_tokens !== "number") return undefined;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  return {
    input: usage.prompt_tokens,
    output: usage.completion_tokens ?? 0,
    ...(typeof reasoning === "number" ? { reasoning } : {}),
  };
}

export type ChunkReading = { text?: string; finish?: string; usage?: ModelUsage };

/**
 * One streamed chunk. Azure sends chunks with no choices (the prompt filter
 * results first; with `include_usage`, the usage chunk last) and, with its
 * asynchronous filter, annotation chunks whose choice has no `delta`. A
 * `content_filter` finish ends the reply as blocked.
 */
export function readChunk(chunk: ChatCompletionChunk): ChunkReading {
  const choice = chunk.choices?.[0];
  if (choice?.finish_reason === "content_filter") {
    throw new ModelError("content_filter", "finish_reason content_filter mid-stream");
  }
  const reading: ChunkReading = {};
  const text = choice?.delta?.content;
  if (text) reading.text = text;
  if (choice?.finish_reason) reading.finish = choice.finish_reason;
  const usage = usageOf(chunk.usage);
  if (usage) reading.usage = usage;
  return reading;
}

/** A whole (non-streamed) answer. */
export function readCompletion(completion: ChatCompletion): { text: string; finish: string | undefined; usage: ModelUsage | undefined } {
  const choice = completion.choices?.[0];
  if (choice?.finish_reason === "content_filter") throw new ModelError("content_filter", "finish_reason content_filter");
  return {
    text: choice?.message?.content ?? "",
    finish: choice?.finish_reason ?? undefined,
    usage: usageOf(completion.usage),
  };
}
