import { Check, Copy } from "lucide-react";
import { useRef, useState, type ComponentProps } from "react";
import { copyText } from "../lib/copy-text";

/** A fenced code block with its language and a copy button. */
export function CodeBlock({ children, ...props }: ComponentProps<"pre">) {
  const preRef = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  const codeClass = findCodeClass(children);
  const language = /language-([\w+#-]+)/.exec(codeClass)?.[1];

  async function copy() {
    const ok = await copyText(preRef.current?.textContent ?? "");
    if (!ok) return;
    setCopied(true);
    window.setTimeout(() => setCopied(false), 1500);
  }

  return (
    <div className="not-prose group/code my-4 overflow-hidden rounded-xl border border-(--code-border) bg-(--code-bg) text-(--code-text)">
      <div className="flex h-9 items-center justify-between border-b border-(--code-border) bg-(--code-head) pl-4 pr-1.5">
        <span className="font-mono text-xs text-(--code-muted)">{language ?? "code"}</span>
        <button
          type="button"
          onClick={copy}
          aria-label={copied ? "Copied" : "Copy code"}
          className="inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-xs text-(--code-muted) transition-colors hover:bg-(--code-border) hover:text-(--code-text) focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-400"
        >
          {copied ? <Check className="size-3.5" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      {/* Focusable, so a keyboard can scroll a long line sideways. */}
      <pre
        ref={preRef}
        {...props}
        tabIndex={0}
        className="overflow-x-auto p-4 font-mono text-[13px] leading-6 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-blue-400"
      >
        {children}
      </pre>
    </div>
  );
}

function findCodeClass(children: unknown): string {
  if (children && typeof children === "object" && "props" in children) {
    const props = (children as { props?: { className?: unknown } }).props;
    if (typeof props?.className === "string") return props.className;
  }
  return "";
}
