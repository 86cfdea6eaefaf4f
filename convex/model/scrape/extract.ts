import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { z } from "zod";
import { appError, ErrorCode } from "../../errors";
import { PROJECT_NAME_MAX } from "../projects";
import type { PageContentType } from "./fetchPage";

/** How much of a page is kept on the project (and offered to the chat). */
export const EXCERPT_MAX_CHARS = 4000;
export const SOURCE_TITLE_MAX_CHARS = 200;

/** What a scrape stores; zod-checked because it comes from an untrusted page. */
export const scrapedPageSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  title: z.string().trim().min(1).max(SOURCE_TITLE_MAX_CHARS),
  excerpt: z.string().trim().min(1).max(EXCERPT_MAX_CHARS),
});
export type ScrapedPage = z.infer<typeof scrapedPageSchema>;

const squash = (text: string) => text.replace(/[ \t\f\v\u00a0]+/g, " ").trim();

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

/**
 * Title and readable text of a fetched page: Mozilla's Readability over a
 * linkedom DOM for HTML (falling back to the body text when it finds no
 * article), the first line for plain text.
 */
export function extractReadable(
  page: { url: string; contentType: PageContentType; body: string },
): ScrapedPage {
  const fallbackTitle = new URL(page.url).hostname;
  let title = "";
  let text = "";
  if (page.contentType === "text/plain") {
    text = normalizeText(page.body);
    title = text.split("\n", 1)[0] ?? "";
    if (title.length > 120) title = "";
  } else {
    const { document } = parseHTML(page.body);
    const docTitle = squash(document.title ?? "");
    // Readability mutates the DOM, so read what the fallback needs first.
    const bodyText = document.body?.textContent ?? "";
    const article = new Readability(document as unknown as Document, { charThreshold: 200 }).parse();
    title = squash(article?.title ?? "") || docTitle;
    text = normalizeText(article?.textContent ?? "") || normalizeText(bodyText);
  }
  if (text === "") {
    throw appError(ErrorCode.URL_UNSUPPORTED_CONTENT, "That page has no readable text to add.");
  }
  return scrapedPageSchema.parse({
    url: page.url,
    title: truncate(title || fallbackTitle, SOURCE_TITLE_MAX_CHARS),
    excerpt: truncate(text, EXCERPT_MAX_CHARS),
  });
}

/** A project made from a page: named after it, described by its opening. */
export function projectFromPage(page: ScrapedPage) {
  return {
    name: truncate(page.title, PROJECT_NAME_MAX),
    description: truncate(page.excerpt.replace(/\s+/g, " "), 280),
    source: "url" as const,
  };
}
