import type { JSONValue } from "convex/values";
import { AuthFailure, type DevAuth } from "../auth/dev-auth";
import { realSetTimeout, runClean } from "../engine/context";
import type { Engine, Identity, QueryOutcome } from "../engine/engine";
import { sessionRequestId } from "../engine/errors";
import type { Commit, ReadSet } from "../engine/read-set";
import { log } from "../log";
import type { MutationRegistry } from "./mutation-registry";
import {
  decodeTs,
  encodeTs,
  endCursorOf,
  journalFor,
  type AddQuery,
  type ClientMessage,
  type MutationResponse,
  type ServerMessage,
  type StateModification,
} from "./protocol";

type Subscription = {
  queryId: number;
  udfPath: string;
  args: JSONValue;
  endCursor: string | null;
  dirty: boolean;
  /** What the last run read; null before the first run. */
  reads: ReadSet | null;
  /** The last modification sent, to skip re-sending an unchanged result. */
  lastSent: string | null;
};

type InboxItem =
  | { kind: "querySet"; message: Extract<ClientMessage, { type: "ModifyQuerySet" }> }
  | { kind: "identity"; identity: Identity | null; version: number | null };

export type SessionDeps = {
  engine: Engine;
  auth: DevAuth;
  mutations: MutationRegistry;
  send: (message: ServerMessage) => void;
  /** A client error Convex does not retry: a FatalError, then the socket closes with no status (1005). */
  fail: (reason: string) => void;
  /** An internal error: Convex sends no message and closes with 1011 "InternalServerError"; the client reconnects. */
  crash: () => void;
  /** Closes the socket with no status, as Convex does after an AuthError. */
  closeQuietly: () => void;
  /** Closes the socket as a system error does (no message, a close code and reason). */
  disconnect: (code: number, reason: string) => void;
};

const argsObject = (args: JSONValue[]): JSONValue => args[0] ?? {};

/**
 * One WebSocket connection of a Convex client. Keeps the client's query set
 * and identity, runs its mutations and actions, and sends Transitions.
 *
 * Query-set and identity changes queue in an inbox that only the flush loop
 * applies, so each Transition is computed against one consistent state and
 * starts exactly at the version the client holds. A Transition's `ts` is an
 * engine commit version at which every subscription's result is current
 * (see `settle`): no commit since its last run touched what it read.
 */
export class SyncSession {
  private sessionId = "unknown";
  /** Set from the Connect message, as Convex's sync worker does; sent on every Transition. */
  private clientClockSkew: number | null = null;
  private querySetVersion = 0;
  /** The query set version the client's latest ModifyQuerySet moved to (applied later by the flush loop). */
  private receivedQuerySetVersion = 0;
  private identityVersion = 0;
  private ts = 0;
  /** Identity for new mutations and actions (updated in message order). */
  private identity: Identity | null = null;
  /** Identity the subscriptions run as (updated by the flush loop). */
  private queryIdentity: Identity | null = null;
  private subscriptions = new Map<number, Subscription>();
  private inbox: InboxItem[] = [];
  private removed: number[] = [];
  /** A Transition with at least this ts must follow a sent MutationResponse. */
  private owedTs: number | null = null;
  private flushRequested = false;
  private flushing = false;
  private closed = false;
  private incoming: Promise<void> = Promise.resolve();
  private mutationQueue: Promise<void> = Promise.resolve();
  /** When the token behind `identity` expires (ms), if it does. */
  private identityExpiresAt: number | null = null;
  /** A mutation or action answered: Convex follows each response with a Transition, changed or not. */
  private answered = false;
  private stopWatchingCommits: () => void;

  constructor(private readonly deps: SessionDeps) {
    this.stopWatchingCommits = deps.engine.onCommit((commit) => this.onCommit(commit));
  }

  /** Messages are handled one at a time, in the order the client sent them. */
  receive(message: ClientMessage) {
    this.incoming = this.incoming.then(() => this.handle(message)).catch((error) => {
      log.error(`Sync session error: ${error instanceof Error ? error.stack : String(error)}`);
      this.terminate(() => this.deps.crash());
    });
  }

  close() {
    this.closed = true;
    this.stopWatchingCommits();
  }

  private async handle(message: ClientMessage) {
    if (this.closed) return;
    switch (message.type) {
      case "Connect":
        this.sessionId = message.sessionId;
        if (message.clientTs !== undefined) this.clientClockSkew = Math.trunc(message.clientTs) - Date.now();
        // Convex's parser takes a missing or null one alike (sync_types json.rs).
        if (message.maxObservedTimestamp != null && decodeTs(message.maxObservedTimestamp) > this.deps.engine.version) {
          // As Convex: the client saw writes this backend does not know of; serving it would break
          // linearizability, so the session fails as an internal error (and the client retries).
          throw new Error(`Client has observed a timestamp ahead of the backend latest known timestamp ${this.deps.engine.version}`);
        }
        return;
      case "ModifyQuerySet":
        // Checked as it arrives (Convex's received_client_version), so nothing after a bad one runs.
        if (message.baseVersion !== this.receivedQuerySetVersion) {
          this.failClient(`Base version ${message.baseVersion} passed up doesn't match the current version ${this.receivedQuerySetVersion}`);
          return;
        }
        // Convex's state.rs ensures it; its failure is an internal error.
        if (message.newVersion <= message.baseVersion) {
          throw new Error(`New version ${message.newVersion} must be greater than base version ${message.baseVersion}`);
        }
        this.receivedQuerySetVersion = message.newVersion;
        this.inbox.push({ kind: "querySet", message });
        this.requestFlush();
        return;
      case "Authenticate":
        await this.authenticate(message);
        return;
      case "Mutation":
        this.enqueueMutation(message);
        return;
      case "Action":
        void this.runAction(message);
        return;
      case "Event":
        return;
      default:
        this.failClient(`Received Invalid JSON on websocket: unknown message type \`${(message as { type: string }).type}\``);
    }
  }

  private async authenticate(message: Extract<ClientMessage, { type: "Authenticate" }>) {
    if (message.tokenType === "None") {
      this.setIdentity(null, message.baseVersion + 1, null);
      return;
    }
    try {
      if (message.tokenType !== "User" || !message.value) throw new AuthFailure("Only user tokens are accepted offline.");
      const { identity, expiresAt } = await this.deps.auth.verify(message.value);
      this.setIdentity(identity, message.baseVersion + 1, expiresAt);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.warn(`Auth rejected: ${reason}`);
      // As Convex's sync worker: the error ends the session. The client
      // fetches a fresh token, or goes on signed out, on a new connection.
      this.endSession({ type: "AuthError", error: reason, baseVersion: this.identityVersion, authUpdateAttempted: true });
    }
  }

  private setIdentity(identity: Identity | null, version: number | null, expiresAt: number | null) {
    this.identity = identity;
    this.identityExpiresAt = identity ? expiresAt : null;
    this.inbox.push({ kind: "identity", identity, version });
    this.requestFlush();
  }

  /**
   * Convex notices an expired token when it next runs something for the
   * session (a mutation, an action, a query update), not on a timer: it
   * then ends the session with an AuthError, and runs nothing as the
   * expired user. True when the session was ended.
   */
  private endedByExpiry(): boolean {
    if (this.identityExpiresAt === null || Date.now() < this.identityExpiresAt) return false;
    this.endSession({ type: "AuthError", error: "Convex token identity expired", baseVersion: this.identityVersion, authUpdateAttempted: false });
    return true;
  }

  private endSession(message: ServerMessage) {
    if (this.closed) return;
    this.deps.send(message);
    this.terminate(() => this.deps.closeQuietly());
  }

  /**
   * Ends the session at once, as Convex drops its sync worker: messages
   * still arriving while the socket closes run nothing, and commits no
   * longer update it.
   */
  /** A client error: FatalError, then the socket closes with no status. */
  failClient(reason: string) {
    this.terminate(() => this.deps.fail(reason));
  }

  private terminate(close: () => void) {
    if (this.closed) return;
    this.close();
    close();
  }

  private enqueueMutation(message: Extract<ClientMessage, { type: "Mutation" }>) {
    const injected = this.deps.engine.failures.takeForMutation();
    if (injected) {
      // As Convex does: the mutation does not commit and gets no response;
      // the client re-sends it once it has reconnected.
      this.mutationQueue = this.mutationQueue.then(() => this.terminate(() => this.deps.disconnect(injected.closeCode, injected.code)));
      return;
    }
    if (this.endedByExpiry()) return;
    const identity = this.identity;
    const key = `${this.sessionId}:${message.requestId}`;
    // A client re-sends unconfirmed mutations after reconnecting: the
    // registry answers those with the first run's response.
    const response = this.deps.mutations.run(key, () => this.runMutation(message, identity));
    this.mutationQueue = this.mutationQueue.then(async () => {
      const reply = await response;
      if (this.closed) return;
      this.deps.send(reply);
      if (reply.success) this.owedTs = Math.max(this.owedTs ?? 0, decodeTs(reply.ts));
      this.answered = true;
      this.requestFlush();
    });
  }

  private async runMutation(
    message: Extract<ClientMessage, { type: "Mutation" }>,
    identity: Identity | null,
  ): Promise<MutationResponse> {
    const { engine } = this.deps;
    const { requestId } = message;
    const outcome = await engine.call("mutation", message.udfPath, argsObject(message.args), identity, {
      requestId: sessionRequestId(this.sessionId, requestId),
    });
    if (outcome.ok) {
      return { type: "MutationResponse", requestId, success: true, result: outcome.value, ts: encodeTs(engine.version), logLines: outcome.logLines };
    }
    return { type: "MutationResponse", requestId, success: false, result: outcome.message, ts: null, logLines: outcome.logLines, errorData: outcome.data };
  }

  private async runAction(message: Extract<ClientMessage, { type: "Action" }>) {
    if (this.endedByExpiry()) return;
    const { requestId } = message;
    const outcome = await this.deps.engine.call("action", message.udfPath, argsObject(message.args), this.identity, {
      requestId: sessionRequestId(this.sessionId, requestId),
    });
    if (this.closed) return;
    this.deps.send(
      outcome.ok
        ? { type: "ActionResponse", requestId, success: true, result: outcome.value, logLines: outcome.logLines }
        : { type: "ActionResponse", requestId, success: false, result: outcome.message, logLines: outcome.logLines, errorData: outcome.data },
    );
    this.answered = true;
    this.requestFlush();
  }

  private onCommit(commit: Commit) {
    let stale = false;
    for (const sub of this.subscriptions.values()) {
      if (sub.dirty || sub.reads === null) continue;
      if (sub.reads.affectedBy(commit.writes)) {
        sub.dirty = true;
        stale = true;
      }
    }
    if (stale) this.requestFlush();
  }

  private requestFlush() {
    this.flushRequested = true;
    if (this.flushing || this.closed) return;
    this.flushing = true;
    void runClean(() => this.flushLoop());
  }

  private async flushLoop() {
    try {
      while (this.flushRequested && !this.closed) {
        this.flushRequested = false;
        await this.flushOnce();
        if (this.owedTs !== null && this.owedTs > this.ts) this.flushRequested = true;
      }
    } catch (error) {
      log.error(`Sync flush failed: ${error instanceof Error ? error.stack : String(error)}`);
      this.terminate(() => this.deps.crash());
    } finally {
      this.flushing = false;
    }
  }

  private applyInbox() {
    for (const item of this.inbox.splice(0)) {
      if (item.kind === "identity") {
        if (item.version !== null) this.identityVersion = item.version;
        this.queryIdentity = item.identity;
        for (const sub of this.subscriptions.values()) sub.dirty = true;
        continue;
      }
      // Its base version was checked as it arrived (handle), and the inbox keeps the client's order.
      const { message } = item;
      for (const change of message.modifications) {
        // Convex fails the session on both (an internal error: the client reconnects with a fresh query set).
        if (change.type === "Add" && this.subscriptions.has(change.queryId)) throw new Error(`Duplicate query ID: ${change.queryId}`);
        if (change.type === "Remove" && !this.subscriptions.has(change.queryId)) throw new Error(`Nonexistent query id: ${change.queryId}`);
        if (change.type === "Add") this.subscribe(change);
        else if (this.subscriptions.delete(change.queryId)) this.removed.push(change.queryId);
      }
      this.querySetVersion = message.newVersion;
    }
  }

  private subscribe(add: AddQuery) {
    this.subscriptions.set(add.queryId, {
      queryId: add.queryId,
      udfPath: add.udfPath,
      args: argsObject(add.args),
      endCursor: endCursorOf(add.journal),
      dirty: true,
      reads: null,
      lastSent: null,
    });
  }

  private async flushOnce() {
    if (this.endedByExpiry()) return;
    const start = { querySet: this.querySetVersion, identity: this.identityVersion, ts: this.ts };
    this.applyInbox();
    const modifications: StateModification[] = this.removed.splice(0).map((queryId) => ({ type: "QueryRemoved", queryId }));
    const results = new Map<number, QueryOutcome>();
    const version = await this.settle(results);
    if (version === null) return;
    for (const [queryId, outcome] of results) {
      const sub = this.subscriptions.get(queryId);
      if (!sub) continue;
      const modification = toModification(queryId, outcome);
      // Like Convex, an unchanged result (value and log lines) is not sent again, whatever its journal.
      const { journal: _journal, ...result } = modification as Extract<StateModification, { journal: string | null }>;
      const fingerprint = JSON.stringify(result);
      if (fingerprint !== sub.lastSent) {
        sub.lastSent = fingerprint;
        modifications.push(modification);
      }
    }
    const end = { querySet: this.querySetVersion, identity: this.identityVersion, ts: Math.max(version, this.ts) };
    const owed = this.owedTs !== null && end.ts >= this.owedTs;
    const changed = end.querySet !== start.querySet || end.identity !== start.identity || end.ts !== start.ts;
    if (modifications.length === 0 && !owed && !changed && !this.answered) return;
    if (owed) this.owedTs = null;
    this.answered = false;
    this.ts = end.ts;
    this.deps.send({
      type: "Transition",
      startVersion: { ...start, ts: encodeTs(start.ts) },
      endVersion: { ...end, ts: encodeTs(end.ts) },
      modifications,
      // Convex sends both on every Transition (sync_types' JSON encoding): they are part of each envelope's bytes.
      clientClockSkew: this.clientClockSkew,
      serverTs: Date.now() * 1_000_000,
    });
  }

  /**
   * Re-runs stale subscriptions until none is stale, collecting their latest
   * results, and returns the engine version at that moment: the Transition's
   * ts. What the engine guarantees: every result the client holds after the
   * Transition (re-run or kept) is what its query returns at that version,
   * as in Convex, where a Transition's queries all read at one timestamp.
   * convex-test cannot read at an old version, so instead of pinning one the
   * set is recomputed: a commit that lands between two runs and touches what
   * an earlier run read marks it stale again (onCommit, or the check below
   * for commits that landed while it ran), and it is run again. Under a
   * steady stream of writes to what the set reads this is bounded: after
   * SETTLE_ROUNDS the Transition goes out with a warning, and the still-stale
   * queries follow in the next one.
   */
  private async settle(results: Map<number, QueryOutcome>): Promise<number | null> {
    const { engine } = this.deps;
    for (let round = 1; ; round++) {
      const stale = [...this.subscriptions.values()].filter((sub) => sub.dirty);
      if (stale.length === 0) return engine.version;
      if (round > SETTLE_ROUNDS) {
        log.warn(`Sync: ${stale.length} queries kept changing while a Transition was computed; sending it at the latest version.`);
        this.flushRequested = true;
        return engine.version;
      }
      if (round > QUICK_SETTLE_ROUNDS) await pause(Math.min(2 ** (round - QUICK_SETTLE_ROUNDS), 50));
      for (const sub of stale) {
        sub.dirty = false;
        const outcome = await engine.query(sub.udfPath, sub.args, this.queryIdentity, sub.endCursor);
        if (this.closed) return null;
        sub.reads = outcome.reads;
        sub.endCursor = outcome.endCursor;
        results.set(sub.queryId, outcome);
        // A commit may have landed between the run and now, unseen by onCommit
        // because the read set was not recorded yet.
        const later = engine.commitsSince(outcome.version);
        if (later === null || later.some((commit) => outcome.reads.affectedBy(commit.writes))) sub.dirty = true;
      }
    }
  }
}

/** Rounds of re-running a Transition's queries before giving up on one version. */
const SETTLE_ROUNDS = 20;
const QUICK_SETTLE_ROUNDS = 3;

const pause = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

function toModification(queryId: number, outcome: QueryOutcome): StateModification {
  const journal = journalFor(outcome.endCursor);
  if (outcome.ok) return { type: "QueryUpdated", queryId, value: outcome.value, logLines: outcome.logLines, journal };
  return { type: "QueryFailed", queryId, errorMessage: outcome.message, errorData: outcome.data, logLines: outcome.logLines, journal };
}
