import { useQuery } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { createContext, useContext } from "react";
import { api } from "../../../convex/_generated/api";
import { useOwnerArgs } from "@/lib/viewer";

export type ModelList = FunctionReturnType<typeof api.chat.models.list>;
export type ModelOption = ModelList["models"][number];

/** The models the user may pick and their default (undefined while loading). */
export function useModels(): ModelList | undefined {
  return useQuery(api.chat.models.list, useOwnerArgs());
}

/** The model list for parts that render without their own Convex query (message bubbles). */
export const ModelsContext = createContext<ModelList | undefined>(undefined);

/** A model by catalogue id, from the nearest ModelsContext; undefined if unknown or removed. */
export function useModelOption(modelId: string | undefined): ModelOption | undefined {
  const list = useContext(ModelsContext);
  return modelId ? list?.models.find((m) => m.id === modelId) : undefined;
}

export function findModel(list: ModelList | undefined, modelId: string | undefined): ModelOption | undefined {
  return modelId ? list?.models.find((m) => m.id === modelId) : undefined;
}

/** The model a fallback from premium goes to: the default if it is standard, else the first standard one. */
export function standardModel(list: ModelList | undefined): ModelOption | undefined {
  const fallback = findModel(list, list?.defaultId ?? undefined);
  return fallback?.tier === "standard" ? fallback : list?.models.find((m) => m.tier === "standard");
}
