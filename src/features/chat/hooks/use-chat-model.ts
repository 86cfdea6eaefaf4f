import { useMutation } from "convex/react";
import { toast } from "sonner";
import { findModel, useModels } from "@/components/models/use-models";
import { errorMessage } from "@/lib/errors";
import { api } from "../../../../convex/_generated/api";
import type { SessionDetail } from "../lib/types";
import { useOwnerArgs } from "@/lib/viewer";

/**
 * The model a chat sends with, and how the picker changes it: an open chat
 * remembers its own model; a new chat (no session yet) starts with the
 * user's default, and picking there changes that default.
 */
export function useChatModel(session?: SessionDetail) {
  const list = useModels();
  const owner = useOwnerArgs();
  const setSessionModel = useMutation(api.chat.sessions.setModel).withOptimisticUpdate((store, { sessionId, modelId }) => {
    for (const { args, value } of store.getAllQueries(api.chat.sessions.get)) {
      if (value?._id === sessionId) store.setQuery(api.chat.sessions.get, args, { ...value, modelId });
    }
  });
  const setDefault = useMutation(api.chat.models.setDefault).withOptimisticUpdate((store, { modelId, guestToken }) => {
    const args = guestToken ? { guestToken } : {};
    const current = store.getQuery(api.chat.models.list, args);
    if (current) store.setQuery(api.chat.models.list, args, { ...current, defaultId: modelId });
  });

  const value = session ? (session.modelId ?? list?.defaultId ?? undefined) : (list?.defaultId ?? undefined);
  const model = findModel(list, value);

  async function change(modelId: string) {
    try {
      if (session) await setSessionModel({ sessionId: session._id, modelId, ...owner });
      else await setDefault({ modelId, ...owner });
    } catch (error) {
      toast.error("Couldn't change the model", { description: errorMessage(error) });
    }
  }

  return { list, value, model, change };
}
