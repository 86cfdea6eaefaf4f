/**
 * Closes Markdown left open by a reply that is still streaming (or was cut
 * off), so "*(Offline model: a determ" renders in italics instead of showing
 * a stray asterisk until the closing one arrives.
 */
export function healMarkdown(partial: string): string {
  // An opening marker at the very end has nothing to open yet ("*" alone
  // would show as "**", then shrink to one italic letter): it waits for the
  // next reveal. A closing one (after a word) or a fence stays.
  const text = partial.replace(/(^|\s)[*_~`]{1,2}$/, "$1");
  const fences = text.match(/^\s*(```|~~~)/gm)?.length ?? 0;
  if (fences % 2 === 1) return `${text}\n\`\`\``;

  // Only prose counts: drop fenced blocks and complete inline code spans.
  const prose = text.replace(/^\s*(```|~~~)[\s\S]*?^\s*\1/gm, "").replace(/`[^`\n]*`/g, "");
  let closing = "";
  if ((prose.match(/`/g)?.length ?? 0) % 2 === 1) closing = "`";
  else {
    const bold = prose.match(/\*\*/g)?.length ?? 0;
    // Single asterisks, not bullets ("* item") and not halves of "**".
    const single = prose.replace(/\*\*/g, "").replace(/^\s*\*\s/gm, "").match(/\*/g)?.length ?? 0;
    if (single % 2 === 1) closing += "*";
    if (bold % 2 === 1) closing += "**";
  }
  return closing ? text.trimEnd() + closing : text;
}
