import { ConvexError } from "convex/values";

/**
 * Every error a client can see carries one of these stable codes plus a
 * human message. The UI maps codes to sentences; never match on messages.
 */
export const ErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  NOT_FOUND: "NOT_FOUND",
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  INSUFFICIENT_CREDITS: "INSUFFICIENT_CREDITS",
  /** The free plan's monthly premium-model messages are used up (`limit`, `used`, `resetsAt`). */
  PREMIUM_LIMIT: "PREMIUM_LIMIT",
  /** The model asked for (or the chat's model) is not in the catalogue (`modelId`). */
  MODEL_UNAVAILABLE: "MODEL_UNAVAILABLE",
  EMPTY_MESSAGE: "EMPTY_MESSAGE",
  MESSAGE_TOO_LONG: "MESSAGE_TOO_LONG",
  INVALID_TITLE: "INVALID_TITLE",
  INVALID_NAME: "INVALID_NAME",
  ALREADY_STREAMING: "ALREADY_STREAMING",
  /** The chat is archived: nothing new is written to it until it is unarchived. */
  CHAT_ARCHIVED: "CHAT_ARCHIVED",
  /** The message is no longer on the chat's chosen path (another version was chosen meanwhile). */
  VERSION_CHANGED: "VERSION_CHANGED",
  /** A message already has the most versions allowed (`max`). */
  VERSION_LIMIT: "VERSION_LIMIT",
  /** Switching versions would re-path more of the chat than one transaction may touch. */
  BRANCH_TOO_LONG: "BRANCH_TOO_LONG",
  /** Custom or chat instructions over their length (`field`, `max`). */
  INSTRUCTIONS_TOO_LONG: "INSTRUCTIONS_TOO_LONG",
  MODEL_ERROR: "MODEL_ERROR",
  GENERATION_FAILED: "GENERATION_FAILED",
  URL_INVALID: "URL_INVALID",
  /** A private or local address (by its text, its DNS answer or the peer connected to). */
  URL_NOT_ALLOWED: "URL_NOT_ALLOWED",
  URL_SCHEME_NOT_ALLOWED: "URL_SCHEME_NOT_ALLOWED",
  URL_CREDENTIALS_NOT_ALLOWED: "URL_CREDENTIALS_NOT_ALLOWED",
  /** The site's name does not resolve (while other names do). */
  URL_NOT_FOUND: "URL_NOT_FOUND",
  /** The server itself cannot reach the internet: no name resolves, or there is no route. */
  URL_NO_NETWORK: "URL_NO_NETWORK",
  URL_FETCH_FAILED: "URL_FETCH_FAILED",
  URL_TOO_LARGE: "URL_TOO_LARGE",
  URL_TIMEOUT: "URL_TIMEOUT",
  URL_UNSUPPORTED_CONTENT: "URL_UNSUPPORTED_CONTENT",
  BILLING_UNAVAILABLE: "BILLING_UNAVAILABLE",
  UNKNOWN_PRODUCT: "UNKNOWN_PRODUCT",
  ALREADY_SUBSCRIBED: "ALREADY_SUBSCRIBED",
  /** The day's messages under a daily cap are used up (`limit`, `used`, `resetsAt`). */
  DAILY_LIMIT: "DAILY_LIMIT",
  /** A guest call without a guest token. */
  GUEST_TOKEN_REQUIRED: "GUEST_TOKEN_REQUIRED",
  /** A guest token that is malformed or that this server never issued a guest for. */
  GUEST_TOKEN_INVALID: "GUEST_TOKEN_INVALID",
  /** A guest token whose chats already moved to an account: it is spent. */
  GUEST_TOKEN_CLAIMED: "GUEST_TOKEN_CLAIMED",
  /** The deployment-wide guest budget is spent for now (`resetsAt`): sign in to keep chatting. */
  GUEST_BUDGET_SPENT: "GUEST_BUDGET_SPENT",
  /** Guests may not do this (premium models, projects context, …): it needs an account. */
  SIGN_IN_REQUIRED: "SIGN_IN_REQUIRED",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export type ErrorData = {
  code: ErrorCode;
  message: string;
  [detail: string]: string | number | boolean | null;
};

export function appError(
  code: ErrorCode,
  message: string,
  details: Record<string, string | number | boolean | null> = {},
): ConvexError<ErrorData> {
  return new ConvexError<ErrorData>({ ...details, code, message });
}

export function notFound(what = "That item"): ConvexError<ErrorData> {
  return appError(ErrorCode.NOT_FOUND, `${what} was not found.`);
}

export function isAppError(
  error: unknown,
  code?: ErrorCode,
): error is ConvexError<ErrorData> {
  if (!(error instanceof ConvexError)) return false;
  const data = error.data as Partial<ErrorData> | undefined;
  return typeof data?.code === "string" && (code === undefined || data.code === code);
}
