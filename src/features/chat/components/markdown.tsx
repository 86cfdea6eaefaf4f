import { lazy, Suspense } from "react";
import { cn } from "@/lib/cn";

const loadRenderer = () => import("./markdown-renderer");
const MarkdownRenderer = lazy(loadRenderer);

/** Warm the Markdown chunk before the first reply needs it. */
export function preloadMarkdown() {
  void loadRenderer();
}

/** Assistant text as Markdown; plain text until the renderer chunk arrives. */
export function Markdown({ content, streaming }: { content: string; streaming?: boolean }) {
  return (
    <Suspense
      fallback={<div className={cn("markdown whitespace-pre-wrap", streaming && "is-streaming")}>{content}</div>}
    >
      <MarkdownRenderer content={content} streaming={streaming} />
    </Suspense>
  );
}
