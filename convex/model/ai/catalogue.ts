import { z } from "zod";
import { catalogueEnvironment, modelProviderConfig, type ModelProviderConfig } from "../config";
import {
  DEFAULT_OUTPUT_TOKENS,
  isKnownModel,
  knownContextTokens,
  ModelConfigError,
  resolveModelSpec,
  type ModelFamily,
  type ModelSpec,
} from "./models";
import type { ModelProvider } from "./types";

/**
 * The models a user may pick: configuration (`HELM_MODELS`, a JSON array),
 * or, when that is unset, derived from what is configured — the one Azure or
 * OpenAI-compatible model, or offline the two offline models (a fast standard
 * one and a slower premium reasoning one). Each model's tier decides the
 * premium cap; its prices give the estimated provider cost of a reply.
 */

export type ModelTier = "standard" | "premium";

/** Prices in micro-USD per million tokens: integers, so sums never drift. */
export type ModelPrice = { inputMicroUsdPerMillion: number; outputMicroUsdPerMillion: number };

export type CatalogueModel = {
  /** Stable id stored on chats and messages. */
  id: string;
  label: string;
  provider: ModelProvider;
  /** What the request names: the Azure deployment, the OpenAI model, the offline model's name. */
  deployment: string;
  /** The model it runs (decides the request's shape). */
  model: string;
  family: ModelFamily;
  tier: ModelTier;
  contextTokens: number | null;
  maxOutputTokens: number;
  price: ModelPrice | null;
  /**
   * How requests are shaped. Null for the model derived from the single-model
   * variables (AZURE_OPENAI_*, OPENAI_*): that one is resolved when a reply
   * runs, so a configuration it cannot use fails that reply, refunded.
   */
  spec: ModelSpec | null;
};

export type Catalogue = { models: CatalogueModel[]; defaultId: string | null };

export class CatalogueError extends ModelConfigError {
  constructor(message: string) {
    super(message);
    this.name = "CatalogueError";
  }
}

export const OFFLINE_FAST_MODEL = "helm-offline";
export const OFFLINE_REASONING_MODEL = "helm-offline-reasoning";

const MICRO = 1_000_000;

/** Whole micro-USD from dollars, refusing sub-micro precision rather than rounding it away. */
function microUsd(dollars: number): number | null {
  const micro = Math.round(dollars * MICRO);
  return Math.abs(micro - dollars * MICRO) < 1e-6 ? micro : null;
}

/**
 * Offline prices are illustrative (those of a small chat model and a small
 * reasoning model) so the cost path runs with no accounts.
 */
const OFFLINE_MODELS: CatalogueModel[] = [
  {
    id: "offline-fast",
    label: "Offline Fast",
    provider: "offline",
    deployment: OFFLINE_FAST_MODEL,
    model: OFFLINE_FAST_MODEL,
    family: "chat",
    tier: "standard",
    contextTokens: 128_000,
    maxOutputTokens: 16_384,
    price: { inputMicroUsdPerMillion: 150_000, outputMicroUsdPerMillion: 600_000 },
    spec: { family: "chat", maxOutputTokens: 16_384, instructions: "system", streams: true },
  },
  {
    id: "offline-reasoning",
    label: "Offline Reasoning",
    provider: "offline",
    deployment: OFFLINE_REASONING_MODEL,
    model: OFFLINE_REASONING_MODEL,
    family: "reasoning",
    tier: "premium",
    contextTokens: 200_000,
    maxOutputTokens: 100_000,
    price: { inputMicroUsdPerMillion: 1_100_000, outputMicroUsdPerMillion: 4_400_000 },
    spec: { family: "reasoning", maxOutputTokens: 100_000, instructions: "developer", streams: true },
  },
];

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const slug = (name: string) =>
  name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "").slice(0, 64) || "model";

/** The one model the single-model variables describe. */
function environmentModel(config: Extract<ModelProviderConfig, { kind: "azure" | "openai" }>): CatalogueModel {
  const model = config.kind === "azure" ? (config.model ?? config.deployment) : config.model;
  let family: ModelFamily = "chat";
  let maxOutputTokens = DEFAULT_OUTPUT_TOKENS;
  try {
    ({ family, maxOutputTokens } = resolveModelSpec(model, config.overrides, config.kind === "azure"));
  } catch {
    // Shown as a chat model; the reply that tries it fails with the reason, refunded.
  }
  return {
    id: slug(model),
    label: model,
    provider: config.kind,
    deployment: config.kind === "azure" ? config.deployment : config.model,
    model,
    family,
    tier: "standard",
    contextTokens: knownContextTokens(model) ?? null,
    maxOutputTokens,
    price: null,
    spec: null,
  };
}

/** What is configured, as a catalogue, when HELM_MODELS is unset. */
export function defaultCatalogue(config: ModelProviderConfig = modelProviderConfig()): Catalogue {
  switch (config.kind) {
    case "azure":
    case "openai": {
      const only = environmentModel(config);
      return { models: [only], defaultId: only.id };
    }
    case "offline":
      return { models: OFFLINE_MODELS, defaultId: OFFLINE_MODELS[0].id };
    case "none":
      return { models: [], defaultId: null };
  }
}

const entrySchema = z
  .object({
    id: z.string().regex(ID_PATTERN, "must be 1–64 lowercase letters, digits, '.', '_' or '-'"),
    label: z.string().trim().min(1).max(40),
    provider: z.enum(["azure", "openai", "offline"]),
    deployment: z.string().trim().min(1).max(200),
    model: z.string().trim().min(1).max(200).optional(),
    family: z.enum(["chat", "reasoning"]).optional(),
    tier: z.enum(["standard", "premium"]).default("standard"),
    contextTokens: z.number().int().positive().optional(),
    maxOutputTokens: z.number().int().positive().optional(),
    inputPerMillionUsd: z.number().nonnegative().max(10_000).optional(),
    outputPerMillionUsd: z.number().nonnegative().max(10_000).optional(),
    default: z.boolean().optional(),
  })
  .strict();

type Entry = z.infer<typeof entrySchema>;
type Env = Record<string, string | undefined>;

const PROVIDER_NEEDS: Record<ModelProvider, string[]> = {
  azure: ["AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_KEY"],
  openai: ["OPENAI_BASE_URL"],
  offline: ["HELM_OFFLINE_MODEL_URL"],
};

function describeIssue(issue: z.ZodIssue): string {
  const field = issue.path.join(".");
  if (issue.code === "unrecognized_keys") return `unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  return field ? `${field} ${issue.message.replace(/^Invalid input: /, "")}` : issue.message;
}

/** The request shape: the model table's, with the entry's family and limit over it. */
function specFor(model: string, entry: Entry, fail: (problem: string) => never): ModelSpec {
  const overrides = { family: entry.family, maxOutputTokens: entry.maxOutputTokens?.toString() };
  let spec: ModelSpec;
  try {
    // Refuses models the table marks unusable (Responses-only) before anything else.
    spec = resolveModelSpec(model, { ...overrides, family: entry.family ?? "chat" });
    if (isKnownModel(model)) spec = resolveModelSpec(model, overrides);
  } catch (error) {
    return fail(error instanceof Error ? error.message.replace(/\.$/, "") : String(error));
  }
  if (!isKnownModel(model) && (!entry.family || !entry.maxOutputTokens)) {
    fail(`Helm does not know the model "${model}": give its "family" (chat or reasoning) and "maxOutputTokens"`);
  }
  return spec;
}

function toModel(entry: Entry, env: Env, fail: (problem: string) => never): CatalogueModel {
  const missing = PROVIDER_NEEDS[entry.provider].filter((name) => !env[name]?.trim());
  if (missing.length > 0) fail(`provider "${entry.provider}" needs ${missing.join(" and ")} to be set`);
  const knownDeployment = isKnownModel(entry.deployment);
  if (entry.provider === "azure" && !entry.model && !knownDeployment) {
    fail(`set "model" to the model the deployment "${entry.deployment}" runs (for example o4-mini or gpt-4o)`);
  }
  const model = entry.model ?? entry.deployment;
  const spec = specFor(model, entry, fail);
  const contextTokens = entry.contextTokens ?? knownContextTokens(model);
  if (contextTokens === undefined) fail(`give "contextTokens" for the model "${model}"`);
  if (spec.maxOutputTokens > contextTokens) fail(`maxOutputTokens (${spec.maxOutputTokens}) exceeds contextTokens (${contextTokens})`);
  const priced = [entry.inputPerMillionUsd, entry.outputPerMillionUsd].filter((p) => p !== undefined).length;
  if (priced === 1) fail(`give both "inputPerMillionUsd" and "outputPerMillionUsd", or neither`);
  let price: ModelPrice | null = null;
  if (priced === 2) {
    const input = microUsd(entry.inputPerMillionUsd!);
    const output = microUsd(entry.outputPerMillionUsd!);
    if (input === null || output === null) fail("prices may have at most 6 decimal places (whole micro-dollars)");
    price = { inputMicroUsdPerMillion: input, outputMicroUsdPerMillion: output };
  }
  return {
    id: entry.id,
    label: entry.label,
    provider: entry.provider,
    deployment: entry.deployment,
    model,
    family: spec.family,
    tier: entry.tier,
    contextTokens,
    maxOutputTokens: spec.maxOutputTokens,
    price,
    spec,
  };
}

/**
 * Parses and checks HELM_MODELS. Every problem names its entry (position and
 * id), so an operator can find it: `HELM_MODELS entry 2 ("o4-mini"): …`.
 */
export function parseCatalogue(raw: string, env: Env = catalogueEnvironment()): Catalogue {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new CatalogueError(`HELM_MODELS is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(json) || json.length === 0) {
    throw new CatalogueError("HELM_MODELS must be a JSON array with at least one model.");
  }
  const models: CatalogueModel[] = [];
  let defaultId: string | null = null;
  json.forEach((value: unknown, index) => {
    const rawId = value && typeof value === "object" && "id" in value ? (value as { id: unknown }).id : undefined;
    const name = `HELM_MODELS entry ${index + 1}${typeof rawId === "string" ? ` ("${rawId}")` : ""}`;
    const fail = (problem: string): never => {
      throw new CatalogueError(`${name}: ${problem}.`);
    };
    const parsed = entrySchema.safeParse(value);
    if (!parsed.success) fail(parsed.error.issues.map(describeIssue).join("; "));
    const entry = parsed.data!;
    if (models.some((m) => m.id === entry.id)) fail(`the id "${entry.id}" is used by an earlier entry`);
    if (entry.default) {
      if (defaultId !== null) fail(`only one model may be the default ("${defaultId}" already is)`);
      defaultId = entry.id;
    }
    models.push(toModel(entry, env, fail));
  });
  const firstStandard = models.find((m) => m.tier === "standard");
  if (!firstStandard) throw new CatalogueError("HELM_MODELS needs at least one standard model.");
  return { models, defaultId: defaultId ?? firstStandard.id };
}

let memo: { key: string; catalogue: Catalogue } | null = null;

/** The configured catalogue (re-read when a variable it depends on changes). Throws CatalogueError when HELM_MODELS is set but wrong. */
export function modelCatalogue(): Catalogue {
  const env = catalogueEnvironment();
  const key = JSON.stringify(env);
  if (memo?.key === key) return memo.catalogue;
  const catalogue = env.HELM_MODELS ? parseCatalogue(env.HELM_MODELS, env) : defaultCatalogue();
  memo = { key, catalogue };
  return catalogue;
}

export function findModel(catalogue: Catalogue, id: string): CatalogueModel | undefined {
  return catalogue.models.find((m) => m.id === id);
}

/**
 * Estimated provider cost of one call, in micro-USD: tokens × price per
 * million, summed in integers and rounded once. Reasoning tokens are part of
 * `output` and billed as output.
 */
export function costMicroUsd(price: ModelPrice, usage: { input: number; output: number }): number {
  const exact = usage.input * price.inputMicroUsdPerMillion + usage.output * price.outputMicroUsdPerMillion;
  return Math.round(exact / MICRO);
}
