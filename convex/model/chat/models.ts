import { v, type Infer } from "convex/values";
import type { Doc } from "../../_generated/dataModel";
import { appError, ErrorCode } from "../../errors";
import { CatalogueError, findModel, modelCatalogue, type Catalogue, type CatalogueModel } from "../ai/catalogue";
import { providerValidator } from "./validators";

/**
 * Which model a chat turn uses: the one asked for, else the chat's own, else
 * the user's default, else the catalogue's. A model the catalogue no longer
 * has is refused with MODEL_UNAVAILABLE, so an old chat stays readable and
 * its next send asks for another model.
 */

export const modelViewValidator = v.object({
  id: v.string(),
  label: v.string(),
  tier: v.union(v.literal("standard"), v.literal("premium")),
  family: v.union(v.literal("chat"), v.literal("reasoning")),
  provider: providerValidator,
  contextTokens: v.union(v.number(), v.null()),
  maxOutputTokens: v.number(),
  /** USD per million tokens; null when the catalogue gives no price. */
  inputPerMillionUsd: v.union(v.number(), v.null()),
  outputPerMillionUsd: v.union(v.number(), v.null()),
});
export type ModelView = Infer<typeof modelViewValidator>;

export const modelListValidator = v.object({
  models: v.array(modelViewValidator),
  /** The caller's default for new chats and Quick Chat (their setting, else the catalogue's). */
  defaultId: v.union(v.string(), v.null()),
  /** Set when the server's model configuration cannot be read: a plain sentence. */
  problem: v.union(v.string(), v.null()),
});

const MISCONFIGURED = "The AI models are not set up correctly on this server.";

/** The catalogue, or MODEL_UNAVAILABLE when HELM_MODELS is wrong (the reason goes to the log). */
export function chatCatalogue(): Catalogue {
  try {
    return modelCatalogue();
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    console.error(error.message);
    throw appError(ErrorCode.MODEL_UNAVAILABLE, MISCONFIGURED);
  }
}

export function modelView(model: CatalogueModel): ModelView {
  const perMillion = (micro: number | undefined) => (micro === undefined ? null : micro / 1_000_000);
  return {
    id: model.id,
    label: model.label,
    tier: model.tier,
    family: model.family,
    provider: model.provider,
    contextTokens: model.contextTokens,
    maxOutputTokens: model.maxOutputTokens,
    inputPerMillionUsd: perMillion(model.price?.inputMicroUsdPerMillion),
    outputPerMillionUsd: perMillion(model.price?.outputMicroUsdPerMillion),
  };
}

/** The user's default if the catalogue still has it, else the catalogue's (for a guest, a standard one). */
export function userDefaultModel(catalogue: Catalogue, user: Doc<"users">): CatalogueModel | null {
  const own = user.defaultModelId ? findModel(catalogue, user.defaultModelId) : undefined;
  if (own) return own;
  const fallback = catalogue.defaultId ? (findModel(catalogue, catalogue.defaultId) ?? null) : null;
  if (user.kind === "guest" && fallback?.tier === "premium") return standardModels(catalogue)[0] ?? null;
  return fallback;
}

/** What a caller may pick: guests see the standard models only. */
const standardModels = (catalogue: Catalogue) => catalogue.models.filter((m) => m.tier === "standard");

export function listModels(user: Doc<"users">): Infer<typeof modelListValidator> {
  let catalogue: Catalogue;
  try {
    catalogue = modelCatalogue();
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    console.error(error.message);
    return { models: [], defaultId: null, problem: MISCONFIGURED };
  }
  return {
    models: (user.kind === "guest" ? standardModels(catalogue) : catalogue.models).map(modelView),
    defaultId: userDefaultModel(catalogue, user)?.id ?? null,
    problem: null,
  };
}

/** A model the caller named: MODEL_UNAVAILABLE unless the catalogue has it. */
export function requireModel(catalogue: Catalogue, modelId: string): CatalogueModel {
  const model = findModel(catalogue, modelId);
  if (!model) {
    throw appError(ErrorCode.MODEL_UNAVAILABLE, `The model "${modelId.slice(0, 64)}" is not available. Pick another model.`, {
      modelId: modelId.slice(0, 64),
    });
  }
  return model;
}

/**
 * The model for a turn. Null only when no model is configured at all (the
 * reply then fails as "No AI model is configured", refunded).
 */
export function modelForTurn(
  catalogue: Catalogue,
  user: Doc<"users">,
  requested: string | undefined,
  session: Pick<Doc<"chatSessions">, "modelId"> | null,
): CatalogueModel | null {
  if (requested !== undefined) return requireModel(catalogue, requested);
  if (session?.modelId) {
    const own = findModel(catalogue, session.modelId);
    if (!own) {
      throw appError(
        ErrorCode.MODEL_UNAVAILABLE,
        `This chat's model "${session.modelId}" is no longer available. Pick another model to continue.`,
        { modelId: session.modelId, removed: true },
      );
    }
    return own;
  }
  return userDefaultModel(catalogue, user);
}
