import Database from "better-sqlite3";

/**
 * How hard SQLite works to keep a commit once it has returned.
 *
 * NORMAL (the default): in WAL mode a commit is appended to the write-ahead
 * log with write(2) before it returns, and fsync happens only at
 * checkpoints. Once write(2) has returned the bytes belong to the operating
 * system, so a crash, `kill -9` or Ctrl-C of this process loses nothing; only
 * a power cut or kernel crash can drop the last commits (the database stays
 * consistent either way). That is the failure a development backend meets.
 *
 * FULL additionally fsyncs the log on every commit, surviving power loss at
 * the price of a disk flush per commit (see the durability figures in
 * bench/results/offline-backend.json for what each costs on this machine).
 */
export type Synchronous = "NORMAL" | "FULL";
export const DEFAULT_SYNCHRONOUS: Synchronous = "NORMAL";

/** The database's layout. Bump when it changes incompatibly. */
const SCHEMA_VERSION = 1;
// The counters share the small `meta` table with the commit clock, so a
// commit touches one page for all of them rather than one per table.
const LAST_COMMIT_KEY = "lastCommitTs";
const COUNTERS_KEY = "counters:";
const COUNTERS_END = "counters;";

export type DocumentRow = { component: string; id: string; json: string };
export type FileRow = { component: string; id: string; bytes: Buffer };
export type ComponentCounters = { component: string; nextDocId: number; lastCreationTime: number };

/** Everything one Convex commit changed, across all components. */
export type CommitChanges = {
  /** `json` null deletes the document. */
  documents: Array<{ component: string; id: string; json: string | null }>;
  /** `bytes` null deletes the blob. */
  files: Array<{ component: string; id: string; bytes: Uint8Array | null }>;
  counters: ComponentCounters[];
  lastCommitTs: bigint;
};

/**
 * The offline backend's database file: documents keyed by (component path,
 * id), file storage blobs, and the counters convex-test needs to carry on
 * where it stopped. Each `write` is one SQLite transaction, so a commit is
 * on disk whole or not at all, and costs only the rows it changed.
 */
export class SqliteStore {
  private readonly statements;

  private constructor(private readonly db: Database.Database) {
    this.statements = {
      putDocument: db.prepare("INSERT OR REPLACE INTO documents (component, id, json) VALUES (?, ?, ?)"),
      deleteDocument: db.prepare("DELETE FROM documents WHERE component = ? AND id = ?"),
      putFile: db.prepare("INSERT OR REPLACE INTO files (component, id, bytes) VALUES (?, ?, ?)"),
      deleteFile: db.prepare("DELETE FROM files WHERE component = ? AND id = ?"),
      putMeta: db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"),
      getMeta: db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?"),
      counters: db.prepare<[string, string], { key: string; value: string }>(
        "SELECT key, value FROM meta WHERE key >= ? AND key < ?",
      ),
      anyDocument: db.prepare("SELECT 1 FROM documents LIMIT 1"),
      documents: db.prepare<[], DocumentRow>("SELECT component, id, json FROM documents"),
      files: db.prepare<[], FileRow>("SELECT component, id, bytes FROM files"),
    };
  }

  static open(file: string, synchronous: Synchronous = DEFAULT_SYNCHRONOUS): SqliteStore {
    const db = new Database(file);
    try {
      db.pragma("journal_mode = WAL");
      db.pragma(`synchronous = ${synchronous}`);
      const version = db.pragma("user_version", { simple: true }) as number;
      if (version > SCHEMA_VERSION) {
        throw new Error(`${file} has layout ${version}; this backend reads ${SCHEMA_VERSION}. Start with --reset.`);
      }
      db.exec(`
        CREATE TABLE IF NOT EXISTS documents (
          component TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (component, id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS files (
          component TEXT NOT NULL, id TEXT NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY (component, id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      return new SqliteStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  isEmpty(): boolean {
    return this.statements.anyDocument.get() === undefined;
  }

  /** Writes one commit in one transaction; throws (writing nothing) if SQLite fails. */
  write(changes: CommitChanges): void {
    const { statements } = this;
    this.db.transaction(() => {
      for (const { component, id, json } of changes.documents) {
        if (json === null) statements.deleteDocument.run(component, id);
        else statements.putDocument.run(component, id, json);
      }
      for (const { component, id, bytes } of changes.files) {
        if (bytes === null) statements.deleteFile.run(component, id);
        else statements.putFile.run(component, id, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      }
      for (const { component, nextDocId, lastCreationTime } of changes.counters) {
        statements.putMeta.run(`${COUNTERS_KEY}${component}`, JSON.stringify({ nextDocId, lastCreationTime }));
      }
      statements.putMeta.run(LAST_COMMIT_KEY, changes.lastCommitTs.toString());
    })();
  }

  documents(): IterableIterator<DocumentRow> {
    return this.statements.documents.iterate();
  }

  files(): IterableIterator<FileRow> {
    return this.statements.files.iterate();
  }

  counters(): ComponentCounters[] {
    return this.statements.counters.all(COUNTERS_KEY, COUNTERS_END).map((row) => ({
      component: row.key.slice(COUNTERS_KEY.length),
      ...(JSON.parse(row.value) as { nextDocId: number; lastCreationTime: number }),
    }));
  }

  lastCommitTs(): bigint {
    const row = this.statements.getMeta.get(LAST_COMMIT_KEY);
    return row ? BigInt(row.value) : 0n;
  }

  /** Checkpoints the log into the database file and closes it. */
  close(): void {
    if (!this.db.open) return;
    this.db.pragma("wal_checkpoint(TRUNCATE)");
    this.db.close();
  }
}
