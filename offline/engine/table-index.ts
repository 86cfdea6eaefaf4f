import { tableOfId, type DatabaseFake, type StoredDocument } from "./internals";

type IterableDatabase = DatabaseFake & {
  _iterateDocs: (table: string, callback: (doc: StoredDocument) => void) => void;
};

/**
 * convex-test finds a table's documents by scanning every document in the
 * database, for every query. This keeps the ids of each table in a set
 * (updated on commit) so a query only visits its own table. Results are the
 * same: convex-test sorts what it visits, and ids keep insertion order.
 */
export function indexTables(database: DatabaseFake) {
  const db = database as IterableDatabase;
  let byTable = new Map<string, Set<string>>();
  const add = (id: string) => {
    const table = tableOfId(id);
    let ids = byTable.get(table);
    if (!ids) byTable.set(table, (ids = new Set()));
    ids.add(id);
  };
  const rebuild = () => {
    byTable = new Map();
    for (const id of Object.keys(db._documents)) add(id);
  };
  rebuild();

  const commit = db.commit.bind(db);
  db.commit = (commitTs) => {
    const writes = db._writes.length === 1 ? db._writes[0] : null;
    commit(commitTs);
    if (!writes) return;
    for (const [id, doc] of Object.entries(writes)) {
      if (doc === null) byTable.get(tableOfId(id))?.delete(id);
      else add(id);
    }
  };

  db._iterateDocs = (table, callback) => {
    const ids = new Set(byTable.get(table));
    for (const layer of db._writes) {
      for (const id of Object.keys(layer)) if (tableOfId(id) === table) ids.add(id);
    }
    for (const id of ids) {
      const doc = db.get(table, id) as StoredDocument | null;
      if (doc !== null) callback(doc);
    }
  };

  return { rebuild };
}
