/**
 * Convex's transient system errors, which a client can meet on any mutation:
 * an optimistic concurrency conflict that outlasted the backend's retries,
 * or an overloaded committer. They are not JS errors of the function: over
 * HTTP they answer 503 with `{code, message}` (convex-backend crates/common/
 * src/http/mod.rs `HttpResponseError`), and over the sync WebSocket the
 * server sends no MutationResponse but closes the socket with code 1013
 * ("try again later") and the code as the reason (crates/local_backend/src/
 * subs/mod.rs, crates/errors/src/lib.rs `close_frame`). The `convex` client
 * then reconnects and re-sends the mutation; ConvexHttpClient throws an Error
 * whose message is the response body.
 *
 * The offline engine never produces them by itself (transactions run one at
 * a time); with `--testing`, `POST /_helm/testing/fail-next-mutations`
 * injects them so an app's handling can be tested.
 */
export type SystemErrorKind = "occ" | "overloaded";

export type SystemError = { kind: SystemErrorKind; code: string; message: string; httpStatus: number; closeCode: number };

/** "Service unavailable", for OCC and Overloaded (`ErrorCode::http_status_code`). */
const UNAVAILABLE = 503;
/** WebSocket close code 1013, "Try Again Later" (`CloseCode::Again`). */
const TRY_AGAIN_LATER = 1013;

/** Wording as in convex-backend crates/errors/src/lib.rs `ErrorMetadata::user_occ`. */
function occ(table: string | null): SystemError {
  const where = table ? `the "${table}" table` : "some table";
  return {
    kind: "occ",
    code: "OptimisticConcurrencyControlFailure",
    message:
      `Documents read from or written to ${where} changed while this mutation was being run and on every ` +
      "subsequent retry. See https://docs.convex.dev/error#1",
    httpStatus: UNAVAILABLE,
    closeCode: TRY_AGAIN_LATER,
  };
}

/** Wording as in convex-backend crates/database/src/metrics.rs `committer_full_error`. */
function overloaded(): SystemError {
  return {
    kind: "overloaded",
    code: "CommitterFullError",
    message:
      "Too many concurrent commits in a short period of time. Spread your writes out over time or throttle them to avoid errors.",
    httpStatus: UNAVAILABLE,
    closeCode: TRY_AGAIN_LATER,
  };
}

/** The body Convex answers an HTTP request with when a system error ends it. */
export function systemErrorBody(error: SystemError): { code: string; message: string } {
  return { code: error.code, message: error.message };
}

/** Makes the next N mutations (over either protocol) fail with a system error. */
export class FailureInjector {
  private queue: SystemError[] = [];

  failNext(kind: SystemErrorKind, count: number, table: string | null = null) {
    for (let i = 0; i < count; i++) this.queue.push(kind === "occ" ? occ(table) : overloaded());
  }

  /** The injected error for the mutation starting now, if any. */
  takeForMutation(): SystemError | null {
    return this.queue.shift() ?? null;
  }
}
