import type { JSONValue } from "convex/values";

type Race = { query: string; mutation: string; args: JSONValue };
type MutationRunner = (udfPath: string, args: JSONValue) => Promise<unknown>;

const canonical = (udfPath: string) => udfPath.replace(/\.js(?=:|$)/, "");

/**
 * Test hook (`--testing` only): makes a commit land right after the next run
 * of a given query, before whoever ran it goes on, so a test can race a
 * commit between two queries of one Transition deterministically.
 */
export class CommitRace {
  private armed: Race | null = null;

  arm(race: Race) {
    this.armed = { ...race, query: canonical(race.query) };
  }

  async afterQuery(udfPath: string, runMutation: MutationRunner) {
    const race = this.armed;
    if (!race || race.query !== canonical(udfPath)) return;
    this.armed = null;
    await runMutation(race.mutation, race.args);
  }
}
