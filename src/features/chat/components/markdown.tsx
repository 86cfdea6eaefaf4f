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
  // Until the renderer arrives, partial text shows without emphasis markers:
  // the rendered Markdown drops them too, so the text never shrinks when it loads.
  const plain = partial ? content.replace(/[*_~`]/g, "") : content;
  return (
    <Suspense
      fallback={<div className={cn("markdown whitespace-pre-wrap", streaming && "is-streaming")}>{plain}</div>}
    >
      <MarkdownRenderer content={content} streaming={streaming} partial={partial} />
    </Suspense>
  );
}
