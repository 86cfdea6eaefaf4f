import { lazy, Suspense } from "react";
import { cn } from "@/lib/cn";

const loadRenderer = () => import("./markdown-renderer");
const MarkdownRenderer = lazy(loadRenderer);

/** Warm the Markdown chunk before the first reply needs it. */
export function preloadMarkdown() {
  void loadRenderer();
}

/**
 * Assistant text as Markdown; plain text until the renderer chunk arrives.
 * `partial`: the text is still arriving or was cut off, so open syntax is closed first.
 */
export function Markdown({ content, streaming, partial }: { content: string; streaming?: boolean; partial?: boolean }) {
  return (
    <Suspense
      fallback={<div className={cn("markdown whitespace-pre-wrap", streaming && "is-streaming")}>{content}</div>}
    >
      <MarkdownRenderer content={content} streaming={streaming} partial={partial} />
    </Suspense>
  );
}
