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
    <div className="not-prose group/code my-4 overflow-hidden rounded-xl border border-slate-800 bg-slate-950 text-slate-100">
      <div className="flex h-9 items-center justify-between border-b border-white/10 bg-white/[0.03] pl-4 pr-1.5">
        <span className="font-mono text-xs text-slate-400">{language ?? "code"}</span>
        <button
          type="button"
          onClick={copy}
          aria-label={copied ? "Copied" : "Copy code"}
          className="inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-xs text-slate-300 transition-colors hover:bg-white/10 hover:text-white focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-blue-400"
        >
          {copied ? <Check className="size-3.5" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <pre ref={preRef} {...props} className="overflow-x-auto p-4 font-mono text-[13px] leading-6">
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
