import { APIError, APIUserAbortError } from "openai";

/**
 * Why a model call failed, in terms a caller can act on. `message` is a
 * plain sentence safe to show a user (it never contains keys or raw bodies).
 */
export type ModelErrorKind =
  | "not_configured"
  | "misconfigured"
  | "rate_limited"
  | "unavailable"
  | "unreachable"
  | "timeout"
  | "auth"
  | "not_found"
  | "refused"
  | "content_filter"
  | "interrupted"
  | "invalid_output"
  | "empty_reply"
  | "aborted";

const PLAIN_MESSAGES: Record<ModelErrorKind, string> = {
  not_configured: "No AI model is configured on this server.",
  misconfigured: "The AI model is not set up correctly on this server.",
  rate_limited: "The AI model is busy right now. Please try again in a moment.",
  unavailable: "The AI model had a problem answering. Please try again.",
  unreachable: "The AI model could not be reached. Please try again.",
  timeout: "The AI model took too long to answer. Please try again.",
  auth: "The AI model rejected this server's credentials.",
  not_found: "The configured AI model or deployment was not found.",
  refused: "The AI model could not handle this request.",
  content_filter: "The AI model's content filter blocked this reply.",
  interrupted: "The connection to the AI model dropped before the reply finished.",
  invalid_output: "The AI model's answer was not in the expected format.",
  empty_reply: "The AI model returned an empty reply. Please try again.",
  aborted: "The reply was stopped.",
};

export class ModelError extends Error {
  readonly kind: ModelErrorKind;
  /** Developer-facing detail for logs; not shown to users. */
  readonly detail: string | undefined;

  constructor(kind: ModelErrorKind, detail?: string) {
    super(PLAIN_MESSAGES[kind]);
    this.name = "ModelError";
    this.kind = kind;
    this.detail = detail;
  }
}

function kindForStatus(status: number): ModelErrorKind {
  if (status === 429) return "rate_limited";
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status === 408) return "timeout";
  if (status >= 500) return "unavailable";
  return "refused";
}

/**
 * Maps anything a provider call can throw to a ModelError. `midStream` says
 * the failure came after the reply had started, where a dropped connection
 * is an interruption rather than an unreachable model.
 */
export function toModelError(error: unknown, midStream = false): ModelError {
  if (error instanceof ModelError) return error;
  if (error instanceof APIUserAbortError) return new ModelError("aborted");
  if (error instanceof APIError) {
    const detail = `${error.status ?? "no status"}: ${error.message}`;
    if (error.status === undefined) {
      // Connection-level failures: no HTTP status was ever received.
      const timedOut = error.constructor.name === "APIConnectionTimeoutError";
      if (timedOut) return new ModelError("timeout", detail);
      return new ModelError(midStream ? "interrupted" : "unreachable", detail);
    }
    const code = (error as { code?: unknown }).code;
    if (code === "content_filter") return new ModelError("content_filter", detail);
    return new ModelError(kindForStatus(error.status), detail);
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ModelError(midStream ? "interrupted" : "unreachable", detail);
}
