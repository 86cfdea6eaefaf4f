import { PROJECT_NAME_MAX } from "../projects";

/*
 * Plain-text helpers for scraped pages. Kept free of the DOM libraries so the
 * mutation that turns a page into a project does not bundle them.
 */

export const squash = (text: string) => text.replace(/[ \t\f\v\u00a0]+/g, " ").trim();

/** Collapses runs of spaces and blank lines, keeping paragraph breaks. */
export function normalizeText(text: string): string {
  return text
    .split(/\r?\n/)
    .map(squash)
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Cuts at a word boundary and marks the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.8 ? cut.slice(0, space) : cut}…`;
}

/** A project made from a page: named after it, described by its opening. */
export function projectFromPage(page: { title: string; excerpt: string }) {
  return {
    name: truncate(page.title, PROJECT_NAME_MAX),
    description: truncate(page.excerpt.replace(/\s+/g, " "), 280),
    source: "url" as const,
  };
}
