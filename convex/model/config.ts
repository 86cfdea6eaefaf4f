/**
 * Every environment variable Helm's backend reads, in one place. Each has a
 * safe default: with nothing set, Helm runs on the offline model and
 * test-mode billing served by the offline backend. README.md documents them.
 */

const env = (name: string): string | undefined => {
  const value = process.env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
};

/** Azure OpenAI's current dated API version for chat completions with o3/o4-mini (its reasoning-model guide). */
export const DEFAULT_AZURE_API_VERSION = "2025-04-01-preview";

/** Overrides of the model table (convex/model/ai/models.ts), for a model it does not know. */
export type ModelSpecOverrides = { family?: string; maxOutputTokens?: string };

export type ModelProviderConfig =
  | {
      kind: "azure";
      endpoint: string;
      apiKey: string;
      deployment: string;
      /** The model the deployment runs (AZURE_OPENAI_MODEL); unset: the deployment's name, if it names a known model. */
      model: string | undefined;
      apiVersion: string;
      overrides: ModelSpecOverrides;
    }
  | { kind: "openai"; baseURL: string; apiKey: string; model: string; overrides: ModelSpecOverrides }
  | { kind: "offline"; baseURL: string; model: string }
  | { kind: "none" };

/** Azure wins over a generic OpenAI-compatible endpoint; offline is the fallback. */
export function modelProviderConfig(): ModelProviderConfig {
  const overrides = { family: env("HELM_MODEL_FAMILY"), maxOutputTokens: env("HELM_MODEL_MAX_OUTPUT_TOKENS") };
  const endpoint = env("AZURE_OPENAI_ENDPOINT");
  const azureKey = env("AZURE_OPENAI_KEY");
  const deployment = env("AZURE_OPENAI_DEPLOYMENT");
  if (endpoint && azureKey && deployment) {
    return {
      kind: "azure",
      endpoint,
      apiKey: azureKey,
      deployment,
      model: env("AZURE_OPENAI_MODEL"),
      apiVersion: env("AZURE_OPENAI_API_VERSION") ?? DEFAULT_AZURE_API_VERSION,
      overrides,
    };
  }
  const baseURL = env("OPENAI_BASE_URL");
  if (baseURL) {
    return {
      kind: "openai",
      baseURL,
      apiKey: env("OPENAI_API_KEY") ?? "not-needed",
      model: env("OPENAI_MODEL") ?? "gpt-4o-mini",
      overrides,
    };
  }
  const offline = env("HELM_OFFLINE_MODEL_URL");
  if (offline) return { kind: "offline", baseURL: offline, model: "helm-offline" };
  return { kind: "none" };
}

/**
 * Where each provider is reached, for the models of HELM_MODELS (each names
 * its own deployment or model): one Azure resource, one OpenAI-compatible
 * endpoint, the offline model.
 */
export function providerEndpoints() {
  const endpoint = env("AZURE_OPENAI_ENDPOINT");
  const azureKey = env("AZURE_OPENAI_KEY");
  const baseURL = env("OPENAI_BASE_URL");
  const offline = env("HELM_OFFLINE_MODEL_URL");
  return {
    azure:
      endpoint && azureKey
        ? { endpoint, apiKey: azureKey, apiVersion: env("AZURE_OPENAI_API_VERSION") ?? DEFAULT_AZURE_API_VERSION }
        : null,
    openai: baseURL ? { baseURL, apiKey: env("OPENAI_API_KEY") ?? "not-needed" } : null,
    offline: offline ? { baseURL: offline } : null,
  };
}

/** The variables the model catalogue reads (convex/model/ai/catalogue.ts): HELM_MODELS and what its models need. */
export const CATALOGUE_VARIABLES = [
  "HELM_MODELS",
  "AZURE_OPENAI_ENDPOINT",
  "AZURE_OPENAI_KEY",
  "AZURE_OPENAI_DEPLOYMENT",
  "AZURE_OPENAI_MODEL",
  "OPENAI_BASE_URL",
  "OPENAI_MODEL",
  "HELM_OFFLINE_MODEL_URL",
  "HELM_MODEL_FAMILY",
  "HELM_MODEL_MAX_OUTPUT_TOKENS",
] as const;

export function catalogueEnvironment(): Record<(typeof CATALOGUE_VARIABLES)[number], string | undefined> {
  return Object.fromEntries(CATALOGUE_VARIABLES.map((name) => [name, env(name)])) as Record<
    (typeof CATALOGUE_VARIABLES)[number],
    string | undefined
  >;
}

export type BillingConfig = {
  mode: "autumn" | "test";
  secretKey: string;
  /** Test mode: the offline backend's stand-in for Autumn's API (unset: billing unavailable). */
  serverURL: string | undefined;
  webhookSecret: string | undefined;
};

/** The key test mode sends to the offline stand-in for Autumn, which accepts no other. */
export const TEST_AUTUMN_SECRET_KEY = "am_sk_test_helm_offline";

/** Autumn when a secret key is set, otherwise the offline backend's test-mode Autumn. */
export function billingConfig(): BillingConfig {
  const secretKey = env("AUTUMN_SECRET_KEY");
  const webhookSecret = env("AUTUMN_WEBHOOK_SECRET");
  if (secretKey) return { mode: "autumn", secretKey, serverURL: undefined, webhookSecret };
  return {
    mode: "test",
    secretKey: TEST_AUTUMN_SECRET_KEY,
    serverURL: env("HELM_TEST_AUTUMN_URL"),
    webhookSecret,
  };
}

/** Autumn product ids, overridable when the Autumn catalogue uses other ids. */
export function productIds() {
  return {
    pro: env("AUTUMN_PRO_PRODUCT_ID") ?? "pro",
    pack500: env("AUTUMN_PACK_500_PRODUCT_ID") ?? "credits_500",
    pack1000: env("AUTUMN_PACK_1000_PRODUCT_ID") ?? "credits_1000",
    pack5000: env("AUTUMN_PACK_5000_PRODUCT_ID") ?? "credits_5000",
  };
}

/**
 * A count from the environment: a whole number ≥ 0, else the default. A
 * wrong value is logged naming the variable rather than failing every send.
 */
function countVariable(name: string, fallback: number | null): number | null {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= 0) return value;
  console.error(`${name} must be a whole number of messages (0 or more); got "${raw}". Using ${fallback ?? "no cap"}.`);
  return fallback;
}

/** Messages a guest may send per UTC day unless HELM_DAILY_CAP_GUEST says otherwise. */
export const DEFAULT_GUEST_DAILY_CAP = 5;

/**
 * Daily message caps per plan (model/chat/dailyCap.ts), counted per UTC day:
 * null is no cap. Signed-in plans have none unless configured; guests have 5
 * (0 turns guest chat off).
 */
export function dailyMessageCaps(): { free: number | null; pro: number | null; guest: number } {
  return {
    free: countVariable("HELM_DAILY_CAP_FREE", null),
    pro: countVariable("HELM_DAILY_CAP_PRO", null),
    guest: countVariable("HELM_DAILY_CAP_GUEST", DEFAULT_GUEST_DAILY_CAP) ?? DEFAULT_GUEST_DAILY_CAP,
  };
}

/**
 * The deployment-wide budget of guest messages, all guests together, per
 * clock hour and per UTC day: however many guest tokens are minted, guests
 * never send more than this to the model.
 */
export function guestBudget(): { perHour: number; perDay: number } {
  return {
    perHour: countVariable("HELM_GUEST_BUDGET_HOURLY", 200) ?? 200,
    perDay: countVariable("HELM_GUEST_BUDGET_DAILY", 1000) ?? 1000,
  };
}
