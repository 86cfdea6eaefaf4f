import type { JSONValue } from "convex/values";

/**
 * The messages of Convex's sync protocol that the offline backend speaks, as
 * the `convex` client encodes them (see convex/dist/esm-types/browser/sync/
 * protocol.d.ts). Timestamps travel as little-endian u64s in base64.
 */

export function encodeTs(ts: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(BigInt(ts));
  return bytes.toString("base64");
}

export function decodeTs(encoded: string): number {
  return Number(Buffer.from(encoded, "base64").readBigUInt64LE());
}

export type AddQuery = { type: "Add"; queryId: number; udfPath: string; args: JSONValue[]; journal?: string | null };
export type RemoveQuery = { type: "Remove"; queryId: number };

export type ClientMessage =
  | {
      type: "Connect";
      sessionId: string;
      connectionCount: number;
      lastCloseReason: string | null;
      maxObservedTimestamp?: string | null;
      clientTs?: number;
    }
  | { type: "ModifyQuerySet"; baseVersion: number; newVersion: number; modifications: Array<AddQuery | RemoveQuery> }
  | { type: "Mutation"; requestId: number; udfPath: string; args: JSONValue[]; componentPath?: string }
  | { type: "Action"; requestId: number; udfPath: string; args: JSONValue[]; componentPath?: string }
  | { type: "Authenticate"; baseVersion: number; tokenType: "User" | "Admin" | "None"; value?: string }
  | { type: "Event"; eventType: string; event: unknown };

export type StateVersion = { querySet: number; identity: number; ts: string };

export type StateModification =
  | { type: "QueryUpdated"; queryId: number; value: JSONValue; logLines: string[]; journal: string | null }
  | {
      type: "QueryFailed";
      queryId: number;
      errorMessage: string;
      logLines: string[];
      errorData?: JSONValue;
      journal: string | null;
    }
  | { type: "QueryRemoved"; queryId: number };

export type MutationResponse =
  | { type: "MutationResponse"; requestId: number; success: true; result: JSONValue; ts: string; logLines: string[] }
  | { type: "MutationResponse"; requestId: number; success: false; result: string; ts: null; logLines: string[]; errorData?: JSONValue };

export type ActionResponse =
  | { type: "ActionResponse"; requestId: number; success: true; result: JSONValue; logLines: string[] }
  | { type: "ActionResponse"; requestId: number; success: false; result: string; logLines: string[]; errorData?: JSONValue };

export type ServerMessage =
  | {
      type: "Transition";
      startVersion: StateVersion;
      endVersion: StateVersion;
      modifications: StateModification[];
      /**
       * The Connect message's `clientTs` minus the server's clock when it
       * arrived (ms; null when the client sent none). The client uses it to
       * schedule token refreshes on the server's clock.
       */
      clientClockSkew: number | null;
      /** The server's clock just before the message went out, in nanoseconds. */
      serverTs: number;
    }
  | { type: "TransitionChunk"; chunk: string; partNumber: number; totalParts: number; transitionId: string }
  | MutationResponse
  | ActionResponse
  | { type: "AuthError"; error: string; baseVersion: number; authUpdateAttempted: boolean }
  | { type: "FatalError"; error: string }
  | { type: "Ping" };

/** A page's end cursor as the opaque journal the client keeps and sends back. */
export function journalFor(endCursor: string | null): string | null {
  return endCursor === null ? null : JSON.stringify({ endCursor });
}

export function endCursorOf(journal: string | null | undefined): string | null {
  if (!journal) return null;
  try {
    const parsed = JSON.parse(journal) as { endCursor?: unknown };
    return typeof parsed.endCursor === "string" ? parsed.endCursor : null;
  } catch {
    return null;
  }
}

/** Convex splits a Transition larger than this into TransitionChunk messages (local_backend's subs/mod.rs). */
export const MAX_TRANSITION_MESSAGE_BYTES = 5_000_000;
/** npm clients from this version reassemble chunks, and only they get them. */
const MIN_CLIENT_FOR_CHUNKS = [1, 28, 0];

/** Whether the client version in the sync URL (`/api/<version>/sync`) takes TransitionChunks. */
export function clientTakesChunks(version: string): boolean {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const parts = match.slice(1).map(Number);
  for (let i = 0; i < 3; i++) if (parts[i] !== MIN_CLIENT_FOR_CHUNKS[i]) return parts[i] > MIN_CLIENT_FOR_CHUNKS[i];
  return true;
}

/**
 * A serialized Transition as Convex sends it: whole, or over
 * MAX_TRANSITION_MESSAGE_BYTES in parts of at most that many bytes, cut on
 * UTF-8 character boundaries, identified by the whole message's length.
 * (Convex decides on an estimate of the message's in-memory size; its
 * serialized length is used here.)
 */
export function transitionFrames(json: string): string[] {
  // A UTF-16 unit is at most 3 UTF-8 bytes: most Transitions need no encoding to know they fit.
  if (json.length * 3 <= MAX_TRANSITION_MESSAGE_BYTES) return [json];
  const bytes = Buffer.from(json, "utf8");
  if (bytes.length <= MAX_TRANSITION_MESSAGE_BYTES) return [json];
  const parts: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + MAX_TRANSITION_MESSAGE_BYTES, bytes.length);
    // Back off continuation bytes (10xxxxxx) so no character is split.
    while (end < bytes.length && end > start && (bytes[end] & 0xc0) === 0x80) end -= 1;
    parts.push(bytes.subarray(start, end).toString("utf8"));
    start = end;
  }
  const transitionId = String(bytes.length);
  return parts.map((chunk, partNumber) =>
    JSON.stringify({ type: "TransitionChunk", chunk, partNumber, totalParts: parts.length, transitionId }),
  );
}
