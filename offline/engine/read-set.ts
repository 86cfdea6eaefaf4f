import { compareValues, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { qualifiedTableOfId, qualify, ROOT_COMPONENT } from "./component-scope";
import type { StoredDocument } from "./internals";

/**
 * One document written by a committed transaction, in the app's database or
 * in a component's (`component` is its path; the app's is "", the default).
 */
export type WrittenDocument = {
  component?: string;
  id: string;
  table: string;
  before: StoredDocument | null;
  after: StoredDocument | null;
};

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
 * recorded as a whole-table read, which is always safe. Tables and ids are
 * kept qualified by component (see `qualify`), so a component's table never
 * matches the app's table of the same name.
 */
export class ReadSet {
  readonly tables = new Set<string>();
  private ranges: Range[] = [];
  private ids = new Set<string>();

  readTable(table: string, component = ROOT_COMPONENT) {
    this.tables.add(qualify(component, table));
  }

  readDocument(id: string, component = ROOT_COMPONENT) {
    this.ids.add(qualify(component, id));
  }

  /** A query source from convex's query syscalls. */
  readQuery(
    query: { source?: { type?: string; tableName?: string; indexName?: string; range?: RangeFilter[] } },
    component = ROOT_COMPONENT,
  ) {
    const source = query?.source;
    const unqualified = source?.tableName ?? source?.indexName?.split(".")[0];
    if (!unqualified) return;
    const table = qualify(component, unqualified);
    if (source?.type !== "IndexRange" || !Array.isArray(source.range)) return void this.tables.add(table);
    try {
      const filters = source.range.map((filter) => {
        const raw = filter.value as { $undefined?: null } | JSONValue;
        const isUndefined = typeof raw === "object" && raw !== null && "$undefined" in raw;
        return { type: filter.type, path: filter.fieldPath.split("."), value: isUndefined ? undefined : jsonToConvex(raw) };
      });
      this.ranges.push({ table, filters });
    } catch {
      this.tables.add(table);
    }
  }

  /** Whether any of `writes` can change what was read. */
  affectedBy(writes: Commit["writes"]): boolean {
    if (writes === "everything") return true;
    return writes.some((write) => {
      const component = write.component ?? ROOT_COMPONENT;
      const table = qualify(component, write.table);
      return (
        this.tables.has(table) ||
        this.ids.has(qualify(component, write.id)) ||
        this.ranges.some((range) => range.table === table && (inRange(range, write.before) || inRange(range, write.after)))
      );
    });
  }

  /** Tables touched in any way (for logs and debugging). */
  get touchedTables(): string[] {
    return [...new Set([...this.tables, ...this.ranges.map((r) => r.table), ...[...this.ids].map(qualifiedTableOfId)])].sort();
  }
}
