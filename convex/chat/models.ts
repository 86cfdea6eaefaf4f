import { v } from "convex/values";
import { authedMutation, authedQuery } from "../functions";
import { chatCatalogue, listModels, modelListValidator, requireModel } from "../model/chat/models";

/** The models the caller may pick, and their default for new chats and Quick Chat. */
export const list = authedQuery({
  args: {},
  returns: modelListValidator,
  handler: async (ctx) => listModels(ctx.user),
});

/** Sets the caller's default model (new chats and Quick Chat start with it). */
export const setDefault = authedMutation({
  args: { modelId: v.string() },
  returns: v.null(),
  handler: async (ctx, { modelId }) => {
    const model = requireModel(chatCatalogue(), modelId);
    await ctx.db.patch("users", ctx.user._id, { defaultModelId: model.id });
    return null;
  },
});
