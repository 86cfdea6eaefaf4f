import { v } from "convex/values";
import { authedQuery } from "../functions";
import { searchChats } from "../model/chat/search";
import { chatSearchResultValidator } from "../model/chat/searchValidators";

/** The caller's chats and messages matching `text` (titles and message text), best first. */
export const find = authedQuery({
  args: { text: v.string() },
  returns: chatSearchResultValidator,
  handler: async (ctx, { text }) => await searchChats(ctx, ctx.user._id, text),
});
