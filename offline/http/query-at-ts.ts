import type { JSONValue } from "convex/values";
import type { CallOutcome, Engine, Identity } from "../engine/engine";
import { log } from "../log";

/** Convex's answer for a timestamp it no longer has (crates/errors/src/lib.rs `out_of_retention`). */
const OUT_OF_RETENTION = {
  httpStatus: 503,
  body: { code: "InternalServerError", message: "Your request couldn't be completed. Try again later." },
};

type Answer = { ok: true; outcome: CallOutcome } | { ok: false; httpStatus: number; body: { code: string; message: string } };

/**
 * A query as of engine version `ts` (`/api/query_at_ts`, which
 * ConvexHttpClient's `consistentQuery` uses so that several queries read one
 * snapshot). convex-test only holds the latest state, so the query runs now
 * and its result stands only if no commit since `ts` touched what it read —
 * then it is exactly the result at `ts`. Otherwise the request is refused
 * rather than answered from a later state: Convex refuses a timestamp it no
 * longer retains the same way, so a client must already handle it.
 */
export async function queryAtVersion(
  engine: Engine,
  ts: number,
  path: string,
  args: JSONValue,
  identity: Identity | null,
  requestId: string,
): Promise<Answer> {
  const outcome = await engine.query(path, args, identity, null, { requestId });
  if (ts >= outcome.version) return { ok: true, outcome };
  const later = engine.commitsSince(ts);
  const changed = later === null || later.some((commit) => commit.version <= outcome.version && outcome.reads.affectedBy(commit.writes));
  if (!changed) return { ok: true, outcome };
  log.warn(
    `query_at_ts ${path}: data it reads changed after the requested version ${ts}; ` +
      "the offline engine cannot read an older version, so the request is refused as Convex refuses an expired timestamp.",
  );
  return { ok: false, ...OUT_OF_RETENTION };
}
