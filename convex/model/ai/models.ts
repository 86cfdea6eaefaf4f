/**
 * What Helm knows about the models it may be pointed at: their family (chat
 * or reasoning, which decides the request's shape), how many output tokens a
 * request may ask for, and whether Chat Completions streams them. A model's
 * name is configuration (`AZURE_OPENAI_MODEL`, `OPENAI_MODEL`), never read
 * from an Azure deployment's free-text name.
 *
 * Sources: Azure OpenAI's model list (azure-ai-docs
 * `articles/ai-foundry/openai/concepts/models.md`: max output tokens) and its
 * reasoning-model guide (`articles/ai-foundry/openai/how-to/reasoning.md`:
 * API versions, developer messages, `max_completion_tokens` only, no
 * `temperature`, which o-series models stream, which are Responses-only).
 */

export type ModelFamily = "chat" | "reasoning";

/** How the system prompt reaches the model. */
export type InstructionsRole = "system" | "developer" | "user";

export type ModelSpec = {
  family: ModelFamily;
  /** The most output tokens (reasoning included) one request may ask for. */
  maxOutputTokens: number;
  instructions: InstructionsRole;
  /** Chat Completions can stream it; otherwise Helm waits for one answer. */
  streams: boolean;
};

type Entry = ModelSpec | { unsupported: string };

const chat = (maxOutputTokens: number): ModelSpec => ({
  family: "chat",
  maxOutputTokens,
  instructions: "system",
  streams: true,
});
const reasoning = (maxOutputTokens: number, streams = true): ModelSpec => ({
  family: "reasoning",
  maxOutputTokens,
  instructions: "developer",
  streams,
});
const responsesOnly = { unsupported: "it answers only through the Responses API, which Helm does not use" };

/**
 * Keyed by model name; a key also covers its dated snapshots and variants
 * (`gpt-4o` covers `gpt-4o-2024-08-06`), and the longest matching key wins,
 * so `gpt-4o-2024-05-13` keeps its own smaller limit.
 */
const KNOWN_MODELS: Record<string, Entry> = {
  "gpt-4o": chat(16_384),
  "gpt-4o-2024-05-13": chat(4_096),
  "gpt-4o-mini": chat(16_384),
  "gpt-4.1": chat(32_768),
  "gpt-4.1-mini": chat(32_768),
  "gpt-4.1-nano": chat(32_768),
  "gpt-5": reasoning(128_000),
  "gpt-5-chat": chat(16_384),
  "gpt-5-pro": responsesOnly,
  "gpt-5-codex": responsesOnly,
  o1: reasoning(100_000, false),
  // Neither system nor developer messages: the instructions lead the first user message.
  "o1-mini": { family: "reasoning", maxOutputTokens: 65_536, instructions: "user", streams: false },
  "o1-preview": { family: "reasoning", maxOutputTokens: 32_768, instructions: "user", streams: false },
  "o3-mini": reasoning(100_000),
  o3: reasoning(100_000),
  "o3-pro": responsesOnly,
  "o4-mini": reasoning(100_000),
  "codex-mini": responsesOnly,
};

/** The request budget when nothing narrower is known. */
export const DEFAULT_OUTPUT_TOKENS = 8_192;

export class ModelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelConfigError";
  }
}

function lookupIn<T>(table: Record<string, T>, model: string): T | undefined {
  const name = model.trim().toLowerCase();
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    const covers = name === key || name.startsWith(`${key}-`);
    if (covers && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : table[best];
}

const lookup = (model: string): Entry | undefined => lookupIn(KNOWN_MODELS, model);

/**
 * Context windows (input and output together), from the same Azure model
 * list; the model catalogue shows them and needs them only for models it
 * cannot look up here.
 */
const CONTEXT_WINDOWS: Record<string, number> = {
  "gpt-4o": 128_000,
  "gpt-4o-mini": 128_000,
  "gpt-4.1": 1_047_576,
  "gpt-4.1-mini": 1_047_576,
  "gpt-4.1-nano": 1_047_576,
  "gpt-5": 400_000,
  "gpt-5-chat": 128_000,
  o1: 200_000,
  "o1-mini": 128_000,
  "o1-preview": 128_000,
  "o3-mini": 200_000,
  o3: 200_000,
  "o4-mini": 200_000,
};

/** The model's context window in tokens, when the table knows it. */
export function knownContextTokens(model: string): number | undefined {
  return lookupIn(CONTEXT_WINDOWS, model);
}

/** Whether `model` is a name the table knows (Azure's deployment name may stand in for it only then). */
export function isKnownModel(model: string): boolean {
  const entry = lookup(model);
  return entry !== undefined && !("unsupported" in entry);
}

export type SpecOverrides = { family?: string; maxOutputTokens?: string };

function parseOverrides(overrides: SpecOverrides) {
  const family = overrides.family?.toLowerCase();
  if (family !== undefined && family !== "chat" && family !== "reasoning") {
    throw new ModelConfigError(`HELM_MODEL_FAMILY must be "chat" or "reasoning", not "${overrides.family}".`);
  }
  const max = overrides.maxOutputTokens === undefined ? undefined : Number(overrides.maxOutputTokens);
  if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
    throw new ModelConfigError(
      `HELM_MODEL_MAX_OUTPUT_TOKENS must be a positive whole number, not "${overrides.maxOutputTokens}".`,
    );
  }
  return { family: family as ModelFamily | undefined, max };
}

/**
 * The spec for `model`: the table's entry with any overrides applied
 * (`HELM_MODEL_FAMILY`, `HELM_MODEL_MAX_OUTPUT_TOKENS`). A model the table
 * does not know needs the family override when `requireKnown` (Azure, where a
 * wrong family is a 400 on every reply); elsewhere it is taken as a chat model.
 */
export function resolveModelSpec(model: string, overrides: SpecOverrides = {}, requireKnown = false): ModelSpec {
  const { family, max } = parseOverrides(overrides);
  const entry = lookup(model);
  if (entry && "unsupported" in entry) {
    throw new ModelConfigError(`The model "${model}" cannot be used: ${entry.unsupported}.`);
  }
  if (entry && !family) return { ...entry, maxOutputTokens: max ?? entry.maxOutputTokens };
  if (!entry && !family && requireKnown) {
    throw new ModelConfigError(
      `Helm does not know the model "${model}": set HELM_MODEL_FAMILY (chat or reasoning) and HELM_MODEL_MAX_OUTPUT_TOKENS.`,
    );
  }
  const chosen = family ?? "chat";
  return {
    family: chosen,
    maxOutputTokens: max ?? entry?.maxOutputTokens ?? DEFAULT_OUTPUT_TOKENS,
    instructions: chosen === "reasoning" ? "developer" : "system",
    streams: entry?.streams ?? true,
  };
}
