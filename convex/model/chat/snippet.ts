/*
 * The words a search matched, found again in the text to show them: Convex's
 * search splits text into runs of letters and digits, lower-cased, and the
 * last word of a query also matches as a prefix ("typeah" finds
 * "typeahead"). The snippet is cut around the first match.
 */

export type Highlight = { start: number; end: number };
export type Snippet = { text: string; highlights: Highlight[] };

const WORD = /[\p{Alphabetic}\p{N}]+/gu;
/** Convex searches at most the first 16 words of a query. */
const MAX_QUERY_WORDS = 16;

export function queryWords(text: string): string[] {
  return [...text.matchAll(WORD)].map(([word]) => word.toLowerCase()).slice(0, MAX_QUERY_WORDS);
}

/** Where the query's words occur in `text`. */
export function matchRanges(text: string, words: string[]): Highlight[] {
  if (words.length === 0) return [];
  const exact = new Set(words.slice(0, -1));
  const last = words[words.length - 1];
  const ranges: Highlight[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (exact.has(word) || word.startsWith(last)) {
      ranges.push({ start: match.index, end: match.index + match[0].length });
    }
  }
  return ranges;
}

/**
 * About `length` characters of `text` around its first match, on one line,
 * with "…" where it was cut; highlights are offsets into the snippet.
 */
export function snippetOf(text: string, words: string[], length = 160): Snippet {
  // Shown as plain text: Markdown's emphasis, code and heading marks would only be noise.
  const flat = text.replace(/[*`#>~]+/g, "").replace(/\s+/g, " ").trim();
  const ranges = matchRanges(flat, words);
  const first = ranges[0]?.start ?? 0;
  let start = Math.max(0, first - Math.floor(length / 3));
  if (start > 0) {
    const space = flat.indexOf(" ", start);
    if (space !== -1 && space < first) start = space + 1;
  }
  let end = Math.min(flat.length, start + length);
  if (end < flat.length) {
    const space = flat.lastIndexOf(" ", end);
    if (space > first) end = space;
  }
  const prefix = start > 0 ? "…" : "";
  const body = flat.slice(start, end);
  const highlights = ranges
    .filter((range) => range.start >= start && range.end <= end)
    .map((range) => ({ start: range.start - start + prefix.length, end: range.end - start + prefix.length }));
  return { text: `${prefix}${body}${end < flat.length ? "…" : ""}`, highlights };
}
