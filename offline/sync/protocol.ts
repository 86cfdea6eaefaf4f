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
      maxObservedTimestamp?: string;
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
