import { appError, ErrorCode } from "../../../errors";
import { isAddressAllowed, isIpLiteral, type AddressPolicy } from "./addressPolicy";

export const MAX_URL_LENGTH = 2048;

/** Host names that always mean "this machine or its network", whatever DNS says. */
const LOCAL_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa", ".lan"];

/**
 * Parses what a user pasted and refuses, before any network traffic, what can
 * already be judged from the text: other schemes, embedded credentials, local
 * host names and literal non-public addresses. The WHATWG parser has already
 * turned decimal, octal and hex IPv4 spellings (`2130706433`, `0x7f.1`,
 * `0177.0.0.1`) into dotted form, so they are caught here too. Host names are
 * judged again by the address actually connected to (see fetchPage).
 */
export function parseScrapeUrl(raw: string, policy: AddressPolicy): URL {
  const text = raw.trim();
  if (text === "") throw appError(ErrorCode.URL_INVALID, "Paste a web address to add.");
  if (text.length > MAX_URL_LENGTH) {
    throw appError(ErrorCode.URL_INVALID, "That web address is too long.");
  }
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`);
  } catch {
    throw appError(ErrorCode.URL_INVALID, "That doesn't look like a web address.");
  }
  return checkScrapeUrl(url, policy);
}

/** The checks of `parseScrapeUrl`, for an already parsed URL (e.g. a redirect target). */
export function checkScrapeUrl(url: URL, policy: AddressPolicy): URL {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw appError(ErrorCode.URL_SCHEME_NOT_ALLOWED, "Only http and https addresses can be added.");
  }
  if (url.username !== "" || url.password !== "") {
    throw appError(
      ErrorCode.URL_CREDENTIALS_NOT_ALLOWED,
      "Addresses with a user name or password can't be added.",
    );
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (host === "") throw appError(ErrorCode.URL_INVALID, "That web address has no host.");
  if (isIpLiteral(host)) {
    if (!isAddressAllowed(host, policy)) throw notPublic();
  } else if (host === "localhost" || LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    throw notPublic();
  } else if (!host.includes(".")) {
    // Single-label names only resolve inside private networks.
    throw notPublic();
  }
  url.hash = "";
  return url;
}

export function notPublic() {
  return appError(
    ErrorCode.URL_NOT_ALLOWED,
    "That address points to a private or local network, which can't be fetched.",
  );
}
