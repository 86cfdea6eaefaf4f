import type { PaletteItem } from "../lib/palette-items";

/** A search snippet with its matched words marked. */
export function HighlightedText({ snippet }: { snippet: NonNullable<PaletteItem["snippet"]> }) {
  const parts = [];
  let at = 0;
  for (const [i, { start, end }] of snippet.highlights.entries()) {
    if (start < at) continue;
    if (start > at) parts.push(snippet.text.slice(at, start));
    parts.push(
      <mark key={i} className="rounded-sm bg-amber-200/80 px-0.5 text-inherit dark:bg-amber-300/40">
        {snippet.text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  if (at < snippet.text.length) parts.push(snippet.text.slice(at));
  return <>{parts}</>;
}
