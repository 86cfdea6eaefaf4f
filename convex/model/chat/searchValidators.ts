import { v, type Infer } from "convex/values";

export const snippetValidator = v.object({
  text: v.string(),
  /** Matched words, as [start, end) offsets into `text`. */
  highlights: v.array(v.object({ start: v.number(), end: v.number() })),
});

export const chatSearchResultValidator = v.object({
  chats: v.array(
    v.object({
      sessionId: v.id("chatSessions"),
      displayId: v.string(),
      title: v.string(),
      updatedAt: v.number(),
      archived: v.boolean(),
      snippet: snippetValidator,
    }),
  ),
  messages: v.array(
    v.object({
      messageId: v.id("chatMessages"),
      sessionId: v.id("chatSessions"),
      displayId: v.string(),
      title: v.string(),
      role: v.union(v.literal("user"), v.literal("assistant")),
      createdAt: v.number(),
      archived: v.boolean(),
      snippet: snippetValidator,
    }),
  ),
});
export type ChatSearchResult = Infer<typeof chatSearchResultValidator>;
