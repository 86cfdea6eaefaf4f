import OpenAI, { AzureOpenAI } from "openai";
import { modelProviderConfig, providerEndpoints, type ModelProviderConfig } from "../config";
import type { CatalogueModel } from "./catalogue";
import { OpenAICompatibleClient, REQUEST_TIMEOUT_MS } from "./client";
import { ModelError } from "./errors";
import { isKnownModel, ModelConfigError, resolveModelSpec } from "./models";
import type { CallOptions, JsonResult, ModelClient, PromptMessage } from "./types";

export { ModelError, toModelError, type ModelErrorKind } from "./errors";
export type {
  CallOptions,
  JsonResult,
  ModelClient,
  ModelProvider,
  ModelUsage,
  PromptMessage,
  PromptRole,
  StreamEvent,
} from "./types";

/** Rate limits, 408/409 and 5xx are retried by the SDK with exponential backoff. */
export const MODEL_MAX_RETRIES = 2;

const sdkOptions = { maxRetries: MODEL_MAX_RETRIES, timeout: REQUEST_TIMEOUT_MS };

/** `https://<resource>.openai.azure.com/` → its `/openai` base, as the SDK would build it from `endpoint`. */
function azureBaseURL(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ModelConfigError(`AZURE_OPENAI_ENDPOINT is not a URL: "${endpoint}".`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ModelConfigError(`AZURE_OPENAI_ENDPOINT must be an https URL, not "${endpoint}".`);
  }
  return `${endpoint.replace(/\/+$/, "")}/openai`;
}

function azureSdk(endpoint: string, apiKey: string, apiVersion: string, deployment: string) {
  // The base URL is built here and passed as `baseURL` (with no `endpoint`):
  // the SDK would otherwise fill `baseURL` from OPENAI_BASE_URL, and refuse
  // the pair ("baseURL and endpoint are mutually exclusive"). `undefined`
  // would not do: it is the destructuring default that reads the variable.
  return new AzureOpenAI({
    baseURL: azureBaseURL(endpoint),
    apiKey,
    apiVersion,
    deployment,
    organization: null,
    project: null,
    ...sdkOptions,
  });
}

const openAiSdk = (baseURL: string, apiKey: string) =>
  new OpenAI({ baseURL, apiKey, organization: null, project: null, ...sdkOptions });

function azureClient(config: Extract<ModelProviderConfig, { kind: "azure" }>): ModelClient {
  // Azure's deployment name is free text; it stands in for the model only when it is a model's name.
  const model = config.model ?? (isKnownModel(config.deployment) ? config.deployment : undefined);
  if (!model) {
    throw new ModelConfigError(
      `Set AZURE_OPENAI_MODEL to the model the deployment "${config.deployment}" runs (for example o4-mini or gpt-4.1).`,
    );
  }
  const spec = resolveModelSpec(model, config.overrides, true);
  const sdk = azureSdk(config.endpoint, config.apiKey, config.apiVersion, config.deployment);
  return new OpenAICompatibleClient("azure", model, config.deployment, sdk, spec);
}

/**
 * The configured model, or null when no provider is set up. A configuration
 * the SDK or the model table refuses throws a ModelError (`misconfigured`)
 * at once, so a caller ends and refunds instead of waiting on a request
 * that can never be made.
 */
export function createModelClient(config: ModelProviderConfig = modelProviderConfig()): ModelClient | null {
  try {
    switch (config.kind) {
      case "azure":
        return azureClient(config);
      case "openai":
      case "offline": {
        const spec = resolveModelSpec(config.model, config.kind === "openai" ? config.overrides : {});
        const sdk = openAiSdk(config.baseURL, config.kind === "openai" ? config.apiKey : "offline");
        return new OpenAICompatibleClient(config.kind, config.model, config.model, sdk, spec);
      }
      case "none":
        return null;
    }
  } catch (error) {
    throw new ModelError("misconfigured", error instanceof Error ? error.message : String(error));
  }
}

/**
 * The client for a model of the catalogue. The model derived from the
 * single-model variables goes through `createModelClient` (its checks run
 * there); the others carry their own spec and name their own deployment.
 */
export function createCatalogueClient(model: CatalogueModel): ModelClient | null {
  if (!model.spec) return createModelClient();
  const spec = model.spec;
  const endpoints = providerEndpoints();
  try {
    switch (model.provider) {
      case "azure": {
        const azure = endpoints.azure;
        if (!azure) throw new ModelConfigError(`The model "${model.id}" needs AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_KEY.`);
        const sdk = azureSdk(azure.endpoint, azure.apiKey, azure.apiVersion, model.deployment);
        return new OpenAICompatibleClient("azure", model.model, model.deployment, sdk, spec);
      }
      case "openai":
      case "offline": {
        const found =
          model.provider === "openai"
            ? endpoints.openai
            : endpoints.offline && { baseURL: endpoints.offline.baseURL, apiKey: "offline" };
        if (!found) throw new ModelConfigError(`The model "${model.id}" has no ${model.provider} endpoint configured.`);
        const sdk = openAiSdk(found.baseURL, found.apiKey);
        return new OpenAICompatibleClient(model.provider, model.model, model.deployment, sdk, spec);
      }
    }
  } catch (error) {
    throw new ModelError("misconfigured", error instanceof Error ? error.message : String(error));
  }
}

/** One JSON answer from the configured model (AI project generation). */
export async function completeJson(messages: PromptMessage[], options: CallOptions = {}): Promise<JsonResult> {
  const client = createModelClient();
  if (!client) throw new ModelError("not_configured");
  return await client.completeJson(messages, options);
}
