import { useConvex } from "convex/react";
import { useState } from "react";
import { toast } from "sonner";
import { downloadText, fileSlug } from "@/lib/download";
import { errorMessage } from "@/lib/errors";
import type { Id } from "../../../../convex/_generated/dataModel";
import { chatToJson, chatToMarkdown, fetchChatExport } from "../lib/chat-export";

/** Downloads one chat as Markdown or JSON. */
export function useChatExport() {
  const convex = useConvex();
  const [busy, setBusy] = useState(false);

  async function exportChat(sessionId: Id<"chatSessions">, format: "markdown" | "json") {
    setBusy(true);
    try {
      const chat = await fetchChatExport(convex, sessionId);
      const name = `${fileSlug(chat.session.title, "chat")}-${chat.session.displayId}`;
      if (format === "markdown") downloadText(`${name}.md`, chatToMarkdown(chat), "text/markdown;charset=utf-8");
      else downloadText(`${name}.json`, chatToJson(chat), "application/json");
    } catch (error) {
      toast.error("Couldn't export the chat", { description: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  return { exportChat, busy };
}
