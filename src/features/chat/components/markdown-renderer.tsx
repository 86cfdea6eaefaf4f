import { memo, useEffect, useState, type ComponentProps } from "react";
import ReactMarkdown, { type Components, type Options } from "react-markdown";
import remarkGfm from "remark-gfm";
import { cn } from "@/lib/cn";
import { healMarkdown } from "../lib/heal-markdown";
import { CodeBlock } from "./code-block";

type PluggableList = NonNullable<Options["rehypePlugins"]>;

/*
 * This module is its own chunk (loaded on the first assistant reply). The
 * syntax highlighter is a further chunk, fetched only once a code fence shows up.
 */
let highlightPlugins: PluggableList | null = null;
let highlightLoading: Promise<PluggableList> | null = null;

function loadHighlight(): Promise<PluggableList> {
  highlightLoading ??= import("./highlight-plugin").then((m) => {
    highlightPlugins = m.rehypePlugins;
    return highlightPlugins;
  });
  return highlightLoading;
}

const hasCodeFence = (text: string) => text.includes("```") || text.includes("~~~");

function useHighlightPlugins(needed: boolean): PluggableList | undefined {
  const [plugins, setPlugins] = useState(highlightPlugins);
  useEffect(() => {
    if (!needed || plugins) return;
    let live = true;
    void loadHighlight().then((p) => live && setPlugins(p));
    return () => {
      live = false;
    };
  }, [needed, plugins]);
  return needed ? (plugins ?? undefined) : undefined;
}

const components: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
  pre: ({ node: _node, ...props }) => <CodeBlock {...props} />,
  table: ({ node: _node, ...props }: ComponentProps<"table"> & { node?: unknown }) => (
    // Focusable, so a keyboard can scroll a wide table sideways.
    <div
      tabIndex={0}
      className="my-4 overflow-x-auto rounded-xl border border-slate-200 bg-white focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
    >
      <table {...props} />
    </div>
  ),
};

const remarkPlugins = [remarkGfm];

/**
 * Parses only when its text changes (a settled reply: once). The healer lives
 * in this lazy chunk too: the plain-text fallback needs none.
 */
export default memo(function MarkdownRenderer({
  content: raw,
  streaming,
  partial,
}: {
  content: string;
  streaming?: boolean;
  partial?: boolean;
}) {
  const content = partial ? healMarkdown(raw) : raw;
  const rehypePlugins = useHighlightPlugins(hasCodeFence(content));
  return (
    <div className={cn("markdown", streaming && "is-streaming")}>
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {content}
      </ReactMarkdown>
    </div>
  );
});
