import { v } from "convex/values";
import { authedQuery } from "./functions";
import { getOwnedSession } from "./model/chat/sessions";
import {
  chatExportPage,
  chatExportPageValidator,
  exportPage,
  exportPageValidator,
  exportTableValidator,
} from "./model/exports";

/** One page of the caller's rows of one table, for "Export my data" (the client walks every table to its end). */
export const dataPage = authedQuery({
  args: { table: exportTableValidator, cursor: v.union(v.string(), v.null()) },
  returns: exportPageValidator,
  handler: async (ctx, { table, cursor }) => await exportPage(ctx, ctx.user._id, table, cursor),
});

/** One page of one of the caller's chats, for its Markdown and JSON export. */
export const chatPage = authedQuery({
  args: { sessionId: v.id("chatSessions"), cursor: v.union(v.string(), v.null()) },
  returns: chatExportPageValidator,
  handler: async (ctx, { sessionId, cursor }) => {
    const session = await getOwnedSession(ctx, ctx.user._id, sessionId);
    return await chatExportPage(ctx, session, cursor);
  },
});
