import { ModelPicker } from "@/components/models/model-picker";
import type { useChatModel } from "../hooks/use-chat-model";

type Quota = { remaining: number; limit: number } | null | undefined;

/** The composer's model menu for a chat (or a new chat); nothing until the catalogue has a model. */
export function ChatModelPicker({ chatModel, premium }: { chatModel: ReturnType<typeof useChatModel>; premium?: Quota }) {
  if (!chatModel.list || chatModel.list.models.length === 0) return null;
  return (
    <ModelPicker
      models={chatModel.list.models}
      value={chatModel.value}
      onChange={(modelId) => void chatModel.change(modelId)}
      premium={premium}
    />
  );
}
