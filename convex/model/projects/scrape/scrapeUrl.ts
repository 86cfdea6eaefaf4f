"use node";
import { scrapeSettings } from "./addressPolicy";
import { extractReadable, type ScrapedPage } from "./extract";
import { fetchPage } from "./fetchPage";
import { parseScrapeUrl } from "./url";

/**
 * Fetches a user-supplied URL safely and returns its title and a bounded
 * readable excerpt. Throws ConvexErrors with URL_* codes.
 */
export async function scrapeUrl(raw: string): Promise<ScrapedPage> {
  const settings = scrapeSettings();
  const url = parseScrapeUrl(raw, settings.policy);
  const page = await fetchPage(url, settings);
  return extractReadable(page);
}
