import { appError, ErrorCode } from "../../errors";

/** A URL the app gave billing to send the browser back to: http(s) only. */
export function appUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw appError(ErrorCode.INVALID_ARGUMENT, `The ${what} is not a valid URL.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw appError(ErrorCode.INVALID_ARGUMENT, `The ${what} must be an http(s) URL.`);
  }
  return url;
}
