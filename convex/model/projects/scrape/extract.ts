"use node";
// Only the scrape worker (a Node action) reads pages; keeping the DOM
// libraries in the Node runtime keeps them out of the V8 function bundles.
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { z } from "zod";
import { appError, ErrorCode } from "../../../errors";
import type { PageContentType } from "./fetchPage";
import { normalizeText, squash, truncate } from "./text";

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

