import type { PaginationOptions } from "convex/server";

/** The most rows one page of a public list reads, whatever the client asks for. */
export const MAX_PAGE_SIZE = 100;

/** The client's pagination options with the page size capped at `max`. */
export function boundedPage(opts: PaginationOptions, max = MAX_PAGE_SIZE): PaginationOptions {
  return { ...opts, numItems: Math.min(opts.numItems, max) };
}
