import { v } from "convex/values";
import { ownerMutation, ownerQuery } from "../ownerFunctions";
import { assertModelAllowed } from "../model/guest/rules";
import { chatCatalogue, listModels, modelListValidator, requireModel } from "../model/chat/models";

/** The models the caller may pick (a guest: the standard ones), and their default for new chats and Quick Chat. */
export const list = ownerQuery({
  args: {},
  returns: modelListValidator,
  handler: async (ctx) => listModels(ctx.user),
});

/** Sets the caller's default model (new chats and Quick Chat start with it). */
export const setDefault = ownerMutation({
  args: { modelId: v.string() },
  returns: v.null(),
  handler: async (ctx, { modelId }) => {
    const model = requireModel(chatCatalogue(), modelId);
    assertModelAllowed(ctx.user, model);
    await ctx.db.patch("users", ctx.user._id, { defaultModelId: model.id });
    return null;
  },
});
