import { readFile, rename } from "node:fs/promises";
import type { JSONValue } from "convex/values";
import type { CommitChanges, SqliteStore } from "./sqlite-store";

/** The whole-database JSON file earlier versions of the offline backend wrote (format 1). */
type LegacySnapshot = {
  format: number;
  nextDocId: number;
  lastCreationTime: number;
  lastCommitTs: string;
  documents: Array<JSONValue & { _id: string }>;
  /** File storage blobs by storage id, base64. */
  files: Record<string, string>;
};

const LEGACY_FORMAT = 1;
const ROOT_COMPONENT = "";

export type ImportOutcome = "none" | "imported" | "set aside";

/**
 * Moves an old `db.json` into the store once, then renames it to
 * `db.json.imported` so it is never read again. If the store already has
 * data (a previous import stopped before the rename), the file is only
 * renamed.
 */
export async function importLegacyJson(file: string, store: SqliteStore): Promise<ImportOutcome> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return "none";
  }
  let outcome: ImportOutcome = "set aside";
  if (store.isEmpty()) {
    const snapshot = JSON.parse(text) as LegacySnapshot;
    if (snapshot.format !== LEGACY_FORMAT) {
      throw new Error(`${file} has format ${snapshot.format}; this backend imports ${LEGACY_FORMAT}. Start with --reset.`);
    }
    store.write(changesOf(snapshot));
    outcome = "imported";
  }
  await rename(file, `${file}.imported`);
  return outcome;
}

function changesOf(snapshot: LegacySnapshot): CommitChanges {
  return {
    documents: snapshot.documents.map((doc) => ({ component: ROOT_COMPONENT, id: doc._id, json: JSON.stringify(doc) })),
    files: Object.entries(snapshot.files).map(([id, base64]) => ({
      component: ROOT_COMPONENT,
      id,
      bytes: Buffer.from(base64, "base64"),
    })),
    counters: [
      { component: ROOT_COMPONENT, nextDocId: snapshot.nextDocId, lastCreationTime: snapshot.lastCreationTime },
    ],
    lastCommitTs: BigInt(snapshot.lastCommitTs),
  };
}
