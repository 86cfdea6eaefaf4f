import remend, { type RemendHandler } from "remend";

/*
 * Markdown left open by a reply that is still streaming, or was cut off
 * (stopped, failed), is closed before rendering so it never shows raw
 * syntax. `remend` (the healer streamdown uses) closes emphasis, bold,
 * inline code, strikethrough and links. It leaves block structure alone, so
 * three handlers of Helm's own, plugged into remend, cover what a cut-off
 * reply showed as raw text: a table stopped in its header or delimiter row,
 * a list stopped at a bare marker ("3."), and an unclosed code fence.
 */

/** The last block: what follows the last blank line. */
function lastBlockStart(text: string): number {
  const gap = text.lastIndexOf("\n\n");
  return gap === -1 ? 0 : gap + 2;
}

function tableCells(row: string): number {
  const inner = row.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split("|").length;
}

const DELIMITER_ROW = /^\s*\|?\s*:?-{0,}:?\s*(\|\s*:?-{0,}:?\s*)*\|?\s*$/;
const COMPLETE_DELIMITER_CELL = /^\s*:?-+:?\s*$/;

/**
 * A table is only a table once its delimiter row is complete: until then GFM
 * renders "| Option | Effort |" and "|---" as text. Completing the delimiter
 * from the header's columns shows the header as a table at once.
 */
const partialTable: RemendHandler = {
  name: "helm-partial-table",
  priority: 10,
  handle(text) {
    const start = lastBlockStart(text);
    const lines = text.slice(start).split("\n");
    const [header, delimiter] = lines;
    if (!header?.trimStart().startsWith("|") || !/[^|\s]/.test(header) || lines.length > 2) return text;
    const columns = tableCells(header);
    if (columns < 1) return text;
    const cells = delimiter?.trim().replace(/^\|/, "").replace(/\|$/, "").split("|") ?? [];
    const complete =
      delimiter !== undefined &&
      DELIMITER_ROW.test(delimiter) &&
      cells.length === columns &&
      cells.every((cell) => COMPLETE_DELIMITER_CELL.test(cell));
    if (delimiter !== undefined && !DELIMITER_ROW.test(delimiter)) return text;
    if (complete) return text;
    const closedHeader = header.trimEnd().endsWith("|") ? header.trimEnd() : `${header.trimEnd()} |`;
    return `${text.slice(0, start)}${closedHeader}\n|${" --- |".repeat(columns)}`;
  },
};

/** "1. Collect\n2." renders an empty second item: drop a last line holding only a list marker. */
const bareListMarker: RemendHandler = {
  name: "helm-bare-list-marker",
  priority: 5,
  handle(text) {
    return text.replace(/\n[ \t]*(?:\d{1,9}[.)]|[-*+])[ \t\u200b]*$/, "");
  },
};

/** An image whose address is still arriving would render broken: hold it back until it is whole. */
const partialImage: RemendHandler = {
  name: "helm-partial-image",
  priority: 5,
  handle(text) {
    return text.replace(/!\[[^\]\n]*(?:\](?:\([^)\n]*)?)?$/, "").trimEnd();
  },
};

/** An open fence swallows everything after it: close it so the caret and what follows sit outside. */
function closeOpenFence(text: string): string {
  const fences = text.match(/^\s*(```|~~~)/gm)?.length ?? 0;
  return fences % 2 === 1 ? `${text}\n\`\`\`` : text;
}

export function healMarkdown(partial: string): string {
  // An opening marker at the very end has nothing to open yet ("*" alone
  // would show as "**", then shrink to one italic letter): it waits for the
  // next reveal. A closing one (after a word) stays.
  const text = partial.replace(/(^|\s)[*_~]{1,2}$/, "$1");
  const fenced = closeOpenFence(text);
  if (fenced !== text) return fenced;
  return remend(text, {
    // A cut-off link shows its text; a placeholder address would make a dead link.
    linkMode: "text-only",
    images: false,
    handlers: [bareListMarker, partialImage, partialTable],
  });
}
