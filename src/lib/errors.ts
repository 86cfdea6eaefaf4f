import { ConvexError } from "convex/values";
import type { ErrorCode } from "../../convex/errors";
import { formatCredits, formatLocalTime } from "./format";

export const GENERIC_ERROR_MESSAGE = "Something went wrong on our side. Please try again.";

type ErrorDetails = Record<string, unknown>;

/**
 * One plain sentence per server error code. Server messages are never shown
 * verbatim for known codes so wording stays consistent across the app.
 */
const SENTENCES: Partial<Record<ErrorCode, (details: ErrorDetails) => string>> = {
  UNAUTHENTICATED: () => "Your session has ended. Please sign in again.",
  NOT_FOUND: () => "We couldn't find that. It may have been deleted.",
  INVALID_ARGUMENT: () => "Something in that request wasn't valid. Please check it and try again.",
  INSUFFICIENT_CREDITS: (d) => {
    const required = typeof d.required === "number" ? formatCredits(d.required) : "more credits";
    const remaining = typeof d.remaining === "number" ? formatCredits(d.remaining) : "not enough";
    return `This needs ${required}, but you have ${remaining} left.`;
  },
  PREMIUM_LIMIT: (d) =>
    `You've used all ${typeof d.limit === "number" ? d.limit : 20} premium-model messages this month. Pick a standard model or upgrade to Pro.`,
  MODEL_UNAVAILABLE: (d) =>
    d.removed
      ? "This chat's model is no longer available. Pick another model to continue."
      : typeof d.message === "string" && d.message.startsWith("The AI models")
        ? d.message
        : "That model isn't available. Pick another model.",
  EMPTY_MESSAGE: () => "Type a message before sending.",
  MESSAGE_TOO_LONG: () => "That message is too long. Please keep it under 16,000 characters.",
  INVALID_TITLE: () => "Please enter a title that isn't empty or too long.",
  INVALID_NAME: () => "Please enter a name that isn't empty or too long.",
  VERSION_CHANGED: () => "That message was just replaced by another version. Nothing was charged; pick the version you want and try again.",
  VERSION_LIMIT: (d) =>
    `This message already has ${typeof d.max === "number" ? d.max : "the most"} versions. Edit or regenerate a later one instead.`,
  BRANCH_TOO_LONG: () => "That version is too far back in this long chat to switch to.",
  INSTRUCTIONS_TOO_LONG: (d) =>
    `Those instructions are too long. Please keep them under ${typeof d.max === "number" ? d.max.toLocaleString("en-US") : "the limit"} characters.`,
  ALREADY_STREAMING: () => "Helm is still answering. Wait for the reply to finish or stop it first.",
  MODEL_ERROR: () => "The AI model couldn't answer just now, and you weren't charged for it. Please try again.",
  GENERATION_FAILED: () =>
    "We couldn't generate that project, and you weren't charged for it. Please try again.",
  URL_INVALID: () => "That doesn't look like a valid web address.",
  URL_NOT_ALLOWED: () => "That address points to a private or local network, which Helm can't read from.",
  URL_SCHEME_NOT_ALLOWED: () => "Only http and https addresses can be added.",
  URL_CREDENTIALS_NOT_ALLOWED: () => "Addresses with a user name or password can't be added.",
  URL_NOT_FOUND: () => "That site could not be found. Check the address for typos.",
  URL_NO_NETWORK: () => "Helm's server can't reach the internet right now, so it can't read any page.",
  URL_FETCH_FAILED: () => "We couldn't load that page. Check the address and try again.",
  URL_TOO_LARGE: () => "That page is too large to import.",
  URL_TIMEOUT: () => "That page took too long to respond. Please try again later.",
  URL_UNSUPPORTED_CONTENT: () => "That page isn't something we can read. Try a regular web page.",
  BILLING_UNAVAILABLE: () => "Billing is unavailable right now. Please try again in a few minutes.",
  UNKNOWN_PRODUCT: () => "That plan or credit pack isn't available.",
  ALREADY_SUBSCRIBED: () => "You're already on Pro, so there's nothing more to subscribe to.",
  DAILY_LIMIT: (d) =>
    typeof d.resetsAt === "number"
      ? `You've used today's messages. You can chat again at ${formatLocalTime(d.resetsAt)}.`
      : "You've used today's messages.",
  CHAT_ARCHIVED: () => "This chat is archived. Unarchive it to keep chatting.",
  GUEST_TOKEN_REQUIRED: () => "Your guest session was lost. Reload the page to start a new one.",
  GUEST_TOKEN_INVALID: () => "Your guest session has ended. Reload the page to start a new one.",
  GUEST_TOKEN_CLAIMED: () => "These chats moved to your account. Sign in to see them.",
  GUEST_BUDGET_SPENT: () => "Guest chat is busy right now. Sign in to keep chatting.",
  SIGN_IN_REQUIRED: (d) =>
    d.feature === "premium_model"
      ? "Premium models need an account. Sign up to use them."
      : d.feature === "projects_context"
        ? "Including your projects and tasks needs an account. Sign up to use it."
        : "That needs an account. Sign up to use it.",
};

function errorData(error: unknown): ErrorDetails | null {
  if (!(error instanceof ConvexError)) return null;
  const data: unknown = error.data;
  return typeof data === "object" && data !== null ? (data as ErrorDetails) : null;
}

/** The stable code of a server error, or null for anything unexpected. */
export function errorCode(error: unknown): string | null {
  const code = errorData(error)?.code;
  return typeof code === "string" ? code : null;
}

/** A sentence safe to show a user; never a stack trace or internal detail. */
export function errorMessage(error: unknown): string {
  const data = errorData(error);
  const code = errorCode(error);
  if (!data || !code) return GENERIC_ERROR_MESSAGE;
  const sentence = SENTENCES[code as ErrorCode];
  if (sentence) return sentence(data);
  // A code added on the server before the UI knows it: its message is written for users.
  return typeof data.message === "string" && data.message ? data.message : GENERIC_ERROR_MESSAGE;
}

export type InsufficientCreditsDetails = {
  required: number;
  remaining: number;
  resetsAt: number;
};

export function insufficientCreditsDetails(error: unknown): InsufficientCreditsDetails | null {
  if (errorCode(error) !== "INSUFFICIENT_CREDITS") return null;
  const d = errorData(error)!;
  return {
    required: typeof d.required === "number" ? d.required : 0,
    remaining: typeof d.remaining === "number" ? d.remaining : 0,
    resetsAt: typeof d.resetsAt === "number" ? d.resetsAt : 0,
  };
}

/** Whether the message has already been explained by its own UI (and needs no toast). */
export function isInsufficientCredits(error: unknown): boolean {
  return errorCode(error) === "INSUFFICIENT_CREDITS";
}
