import { compareValues, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { tableOfId, type StoredDocument } from "./internals";

/** One document written by a committed transaction. */
export type WrittenDocument = { id: string; table: string; before: StoredDocument | null; after: StoredDocument | null };

/** What a commit changed: documents, or everything (new code, restored data). */
export type Commit = { version: number; writes: WrittenDocument[] | "everything" };

type RangeFilter = { type: "Eq" | "Gt" | "Gte" | "Lt" | "Lte"; fieldPath: string; value: JSONValue };
type Range = { table: string; filters: Array<{ type: RangeFilter["type"]; path: string[]; value: Value | undefined }> };

function fieldOf(doc: StoredDocument, path: string[]): Value | undefined {
  let value: unknown = doc;
  for (const part of path) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value as Value | undefined;
}

function inRange(range: Range, doc: StoredDocument | null): boolean {
  if (!doc) return false;
  return range.filters.every(({ type, path, value }) => {
    const cmp = compareValues(fieldOf(doc, path) as Value, value as Value);
    if (type === "Eq") return cmp === 0;
    if (type === "Gt") return cmp > 0;
    if (type === "Gte") return cmp >= 0;
    if (type === "Lt") return cmp < 0;
    return cmp <= 0;
  });
}

/**
 * What one query run read, precise enough to re-run it only for writes that
 * can change its result (as Convex does): whole tables (scans, search,
 * counts), index ranges, and single documents. Anything it cannot model is
 * recorded as a whole-table read, which is always safe.
 */
export class ReadSet {
  readonly tables = new Set<string>();
  private ranges: Range[] = [];
  private ids = new Set<string>();

  readTable(table: string) {
    this.tables.add(table);
  }

  readDocument(id: string) {
    this.ids.add(id);
  }

  /** A query source from convex's query syscalls. */
  readQuery(query: { source?: { type?: string; tableName?: string; indexName?: string; range?: RangeFilter[] } }) {
    const source = query?.source;
    const table = source?.tableName ?? source?.indexName?.split(".")[0];
    if (!table) return;
    if (source?.type !== "IndexRange" || !Array.isArray(source.range)) return this.readTable(table);
    try {
      const filters = source.range.map((filter) => {
        const raw = filter.value as { $undefined?: null } | JSONValue;
        const isUndefined = typeof raw === "object" && raw !== null && "$undefined" in raw;
        return { type: filter.type, path: filter.fieldPath.split("."), value: isUndefined ? undefined : jsonToConvex(raw) };
      });
      this.ranges.push({ table, filters });
    } catch {
      this.readTable(table);
    }
  }

  /** Whether any of `writes` can change what was read. */
  affectedBy(writes: Commit["writes"]): boolean {
    if (writes === "everything") return true;
    return writes.some(
      (write) =>
        this.tables.has(write.table) ||
        this.ids.has(write.id) ||
        this.ranges.some((range) => range.table === write.table && (inRange(range, write.before) || inRange(range, write.after))),
    );
  }

  /** Tables touched in any way (for logs and debugging). */
  get touchedTables(): string[] {
    return [...new Set([...this.tables, ...this.ranges.map((r) => r.table), ...[...this.ids].map(tableOfId)])].sort();
  }
}
