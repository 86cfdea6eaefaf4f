/** The one model interface Helm uses (chat and AI project generation). */

export type ModelProvider = "azure" | "openai" | "offline";
export type PromptRole = "system" | "user" | "assistant";
export type PromptMessage = { role: PromptRole; content: string };

/**
 * Tokens one call used. `output` includes `reasoning` (the hidden thinking
 * tokens), which is set only when the provider reported it; `estimated`
 * marks counts Helm made with the tokenizer because no report arrived.
 */
export type ModelUsage = { input: number; output: number; reasoning?: number; estimated?: boolean };

export type StreamEvent =
  | { type: "text"; text: string }
  | { type: "usage"; usage: ModelUsage }
  | { type: "finish"; reason: string };

export type CallOptions = {
  signal?: AbortSignal;
  /** Visible reply budget; reasoning models get extra room to think, within the model's limit. */
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
  /** The model's name (what Helm records), not an Azure deployment's name. */
  readonly model: string;
  streamChat(messages: PromptMessage[], options?: CallOptions): AsyncIterable<StreamEvent>;
  completeJson(messages: PromptMessage[], options?: CallOptions): Promise<JsonResult>;
}
