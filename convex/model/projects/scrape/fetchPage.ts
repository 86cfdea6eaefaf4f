"use node";
// Node's http/https (not fetch): undici ignores `agent`, and the filtering
// agent plus our lookup hook is what checks the address actually connected to.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import zlib from "node:zlib";
import type { Readable } from "node:stream";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";
import type { ConvexError } from "convex/values";
import { appError, ErrorCode, isAppError, type ErrorData } from "../../../errors";
import {
  isAddressAllowed,
  type AddressPolicy,
  type LookupResult,
  type Resolver,
  type ScrapeLimits,
} from "./addressPolicy";
import { checkScrapeUrl, notPublic } from "./url";

export type PageContentType = "text/html" | "text/plain";
export type FetchedPage = { url: string; contentType: PageContentType; body: string };

type FetchSettings = { policy: AddressPolicy; limits: ScrapeLimits; resolver?: Resolver };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HEADERS = {
  "user-agent": "Mozilla/5.0 (compatible; HelmBot/1.0; +https://helm.app/bot)",
  accept: "text/html,text/plain;q=0.9",
  "accept-encoding": "gzip, deflate, br",
};

/**
 * GETs `start` and follows up to `maxRedirects` redirects by hand, checking
 * every hop's URL and every address connected to. The whole exchange shares
 * one deadline, and bodies are cut off past `maxBytes` (after decompression).
 * Every failure is a ConvexError with a URL_* code.
 */
export async function fetchPage(start: URL, settings: FetchSettings): Promise<FetchedPage> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.limits.timeoutMs);
  try {
    let url = checkScrapeUrl(new URL(start.href), settings.policy);
    for (let hop = 0; ; hop++) {
      const res = await request(url, settings, controller.signal);
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status) && res.headers.location) {
        res.destroy();
        if (hop >= settings.limits.maxRedirects) {
          throw appError(ErrorCode.URL_FETCH_FAILED, "That page redirects too many times.");
        }
        url = checkScrapeUrl(resolveLocation(res.headers.location, url), settings.policy);
        continue;
      }
      return await readPage(url, res, settings.limits, controller.signal);
    }
  } catch (error) {
    throw await toScrapeError(error, controller.signal, settings.resolver ?? defaultResolver);
  } finally {
    clearTimeout(timer);
  }
}

function resolveLocation(location: string, base: URL): URL {
  try {
    return new URL(location, base);
  } catch {
    throw appError(ErrorCode.URL_FETCH_FAILED, "That page redirects to an invalid address.");
  }
}

function request(url: URL, settings: FetchSettings, signal: AbortSignal) {
  const filter = { allowIPAddressList: [...settings.policy.allowAddresses], keepAlive: false };
  const agent =
    url.protocol === "https:"
      ? new RequestFilteringHttpsAgent(filter)
      : new RequestFilteringHttpAgent(filter);
  const client = url.protocol === "https:" ? https : http;
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = client.request(url, {
      method: "GET",
      agent,
      headers: HEADERS,
      signal,
      lookup: guardedLookup(settings.policy, settings.resolver),
    });
    req.on("error", reject);
    req.on("response", (res) => {
      // Last line of defence: whatever resolution happened, judge the peer.
      const peer = res.socket?.remoteAddress;
      if (!peer || !isAddressAllowed(peer, settings.policy)) {
        res.destroy();
        reject(notPublic());
        return;
      }
      resolve(res);
    });
    req.end();
  });
}

/**
 * A `lookup` for net.connect: resolves, then refuses the connection when ANY
 * answer is not allowed, so the address connected to is always one we
 * checked (a DNS answer that changes between checks cannot slip through).
 */
function guardedLookup(policy: AddressPolicy, resolver: Resolver | undefined): LookupFunction {
  const resolve: Resolver = resolver ?? defaultResolver;
  return ((hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    resolve(hostname).then(
      (answers) => {
        if (answers.length === 0) {
          callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }));
        } else if (answers.some((answer) => !isAddressAllowed(answer.address, policy))) {
          callback(notPublic());
        } else if (options.all) {
          callback(null, answers);
        } else {
          callback(null, answers[0]!.address, answers[0]!.family);
        }
      },
      (error: Error) => callback(error),
    );
  }) as unknown as LookupFunction;
}

type LookupCallback = (
  error: Error | null,
  address?: string | LookupResult[],
  family?: number,
) => void;

const defaultResolver: Resolver = async (hostname) => {
  const answers = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

function mediaType(header: string | undefined): { type: string; charset: string | undefined } {
  const [type = "", ...params] = (header ?? "").split(";");
  const charset = params
    .map((param) => param.trim().match(/^charset="?([^";]+)"?$/i)?.[1])
    .find((value) => value !== undefined);
  return { type: type.trim().toLowerCase(), charset };
}

async function readPage(
  url: URL,
  res: http.IncomingMessage,
  limits: ScrapeLimits,
  signal: AbortSignal,
): Promise<FetchedPage> {
  const status = res.statusCode ?? 0;
  if (status < 200 || status > 299) {
    res.destroy();
    throw appError(
      ErrorCode.URL_FETCH_FAILED,
      `The site answered with an error (HTTP ${status}).`,
      { status },
    );
  }
  const { type, charset } = mediaType(res.headers["content-type"]);
  if (type !== "text/html" && type !== "text/plain") {
    res.destroy();
    throw appError(
      ErrorCode.URL_UNSUPPORTED_CONTENT,
      "Only web pages and plain text can be added; that address serves something else.",
      { contentType: type || "unknown" },
    );
  }
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    res.destroy();
    throw tooLarge(limits);
  }
  const bytes = await readLimited(decoded(res), limits.maxBytes, signal, () => res.destroy());
  return { url: url.href, contentType: type, body: decodeText(bytes, charset, type) };
}

function decoded(res: http.IncomingMessage): Readable {
  const encoding = (res.headers["content-encoding"] ?? "").trim().toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") return res.pipe(zlib.createGunzip());
  if (encoding === "deflate") return res.pipe(zlib.createInflate());
  if (encoding === "br") return res.pipe(zlib.createBrotliDecompress());
  return res;
}

function readLimited(
  stream: Readable,
  maxBytes: number,
  signal: AbortSignal,
  abort: () => void,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: unknown) => {
      abort();
      stream.destroy();
      reject(error);
    };
    const onAbort = () => fail(timeout());
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(tooLarge({ maxBytes }));
      else chunks.push(chunk);
    });
    stream.on("error", (error) => fail(error));
    stream.on("end", () => {
      signal.removeEventListener("abort", onAbort);
      resolve(Buffer.concat(chunks));
    });
  });
}

/** Header charset, else a `<meta charset>` in the first bytes, else UTF-8. */
function decodeText(bytes: Buffer, charset: string | undefined, type: string): string {
  let label = charset;
  if (!label && type === "text/html") {
    const head = bytes.subarray(0, 2048).toString("latin1");
    label = head.match(/<meta[^>]+charset=["']?([\w-]+)/i)?.[1];
  }
  try {
    return new TextDecoder(label ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function tooLarge(limits: { maxBytes: number }) {
  const mb = Math.round((limits.maxBytes / (1024 * 1024)) * 10) / 10;
  return appError(ErrorCode.URL_TOO_LARGE, `That page is larger than ${mb} MB, the most that can be added.`);
}

function timeout() {
  return appError(ErrorCode.URL_TIMEOUT, "That site took too long to answer.");
}

/**
 * A name that resolves wherever there is internet access: RFC 2606 reserves
 * it, and IANA keeps it answering. When it fails to resolve too, the server
 * is cut off, not the site missing.
 */
const ALWAYS_RESOLVES = "example.com";
const ONLINE_CHECK_MS = 3000;

async function canResolveNames(resolve: Resolver): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<false>((done) => (timer = setTimeout(() => done(false), ONLINE_CHECK_MS)));
  try {
    return await Promise.race([resolve(ALWAYS_RESOLVES).then((answers) => answers.length > 0), deadline]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function noNetwork() {
  return appError(
    ErrorCode.URL_NO_NETWORK,
    "This server can't reach the internet right now, so it can't fetch any page.",
  );
}

/** Maps network errors (and the filtering agent's refusals) to URL_* codes. */
async function toScrapeError(
  error: unknown,
  signal: AbortSignal,
  resolve: Resolver,
): Promise<ConvexError<ErrorData>> {
  if (isAppError(error)) return error;
  if (signal.aborted) return timeout();
  const err = error as NodeJS.ErrnoException;
  // request-filtering-agent refuses with "... is not allowed ..." when a
  // connection would reach a non-public address.
  if (/is not allowed/i.test(err?.message ?? "")) return notPublic();
  switch (err?.code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_FAIL":
      if (!(await canResolveNames(resolve))) return noNetwork();
      return appError(ErrorCode.URL_NOT_FOUND, "That site could not be found. Check the address for typos.");
    case "ENETUNREACH":
    case "ENETDOWN":
      return noNetwork();
    case "ECONNREFUSED":
      return appError(ErrorCode.URL_FETCH_FAILED, "That site refused the connection.");
    case "ETIMEDOUT":
      return timeout();
    case "Z_DATA_ERROR":
    case "ERR_PADDING_1":
      return appError(ErrorCode.URL_FETCH_FAILED, "That page's compressed content is corrupt.");
    default:
      if (err?.code?.startsWith("ERR_TLS") || /certificate/i.test(err?.message ?? "")) {
        return appError(ErrorCode.URL_FETCH_FAILED, "That site's secure connection could not be verified.");
      }
      return appError(ErrorCode.URL_FETCH_FAILED, "That page could not be fetched.");
  }
}
