import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { DatabaseFake, StoredDocument } from "./internals";

/*
 * Full-text search as Convex runs it, in place of convex-test's (which finds
 * documents whose words start with any query word, in insertion order, from
 * any index name and any filter field). From convex-backend:
 *
 * - crates/search/src/lib.rs `TantivySearchIndexSchema::compile`: the search
 *   filter must name the index's `searchField`, only one is allowed, one is
 *   required; equality filters only on `filterFields`, at most 8 of them
 *   (MAX_FILTER_CONDITIONS); the text is cut to its first 16 terms
 *   (MAX_QUERY_TERMS); only the last term matches as a prefix.
 * - crates/search/src/constants.rs `convex_en`: tantivy's SimpleTokenizer
 *   (runs of alphanumeric characters), terms of 32 bytes or more dropped,
 *   lower-cased.
 * - `search()` there: terms are OR-ed and ranked by BM25 (a prefix match
 *   weighs half), ties newest first; at most 1,024 results
 *   (MAX_CANDIDATE_REVISIONS), before any `.filter()` runs on them.
 * - crates/indexing/src/index_registry.rs: an unknown index is
 *   "Index <table>.<index> not found."; a database index is "not a search index".
 *
 * BM25 uses tantivy's defaults (k1 1.2, b 0.75) over the table's documents;
 * how far a prefix expands (16 terms, MAX_PREFIX_MATCHES_PER_QUERY_TERM) is
 * taken in term order, which Convex does not document.
 */

export const MAX_QUERY_TERMS = 16;
export const MAX_FILTER_CONDITIONS = 8;
export const MAX_SEARCH_RESULTS = 1024;
const MAX_TERM_BYTES = 32;
const MAX_PREFIX_MATCHES = 16;
const K1 = 1.2;
const B = 0.75;

/** The sort key convex-test's pagination compares: [-score, -creation time, id], kept off the document's fields. */
export const SEARCH_RANK_FIELD = "__helmSearchRank";

type SearchFilter =
  | { type: "Search"; fieldPath: string; value: string }
  | { type: "Eq"; fieldPath: string; value: unknown };
type SearchSource = { type: "Search"; indexName: string; filters: SearchFilter[] };
type SearchIndexSpec = { indexDescriptor: string; searchField: string; filterFields: string[] };
type TableSpec = { indexes?: Array<{ indexDescriptor: string }>; searchIndexes?: SearchIndexSpec[] };
type Schema = { tables: Map<string, TableSpec> } | null;
type Resolved = {
  sortedDocs: StoredDocument[];
  filterFn: (doc: StoredDocument) => boolean;
  limit: number | null;
  fieldPathsToSortBy: string[];
  order: "asc" | "desc";
};
type Resolve = (this: DatabaseFake, query: unknown) => Resolved;
type QueryLike = { source: { type: string }; operators: Array<{ filter?: unknown; limit?: number }> };

const PATCHED = Symbol("convexSearchIndexes");

/** Convex's text analyzer: alphanumeric runs, under 32 bytes, lower-cased. */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const [run] of text.matchAll(/[\p{Alphabetic}\p{N}]+/gu)) {
    if (Buffer.byteLength(run) < MAX_TERM_BYTES) terms.push(run.toLowerCase());
  }
  return terms;
}

function fieldValue(doc: StoredDocument, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split(".")) {
    value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}

/** Equality as an index compares: the same Convex value (a missing field is `undefined`). */
function sameValue(documentValue: unknown, filterValue: unknown): boolean {
  const wanted =
    filterValue !== null && typeof filterValue === "object" && "$undefined" in filterValue
      ? undefined
      : jsonToConvex(filterValue as JSONValue);
  if (documentValue === undefined || wanted === undefined) return documentValue === wanted;
  return JSON.stringify(convexToJson(documentValue as Value)) === JSON.stringify(convexToJson(wanted));
}

function badRequest(message: string): Error {
  return new Error(message);
}

/** The index and the query's parts, checked as `compile` checks them. */
function compile(schema: Schema, source: SearchSource) {
  const [table, index] = source.indexName.split(".");
  const name = `${table}.${index}`;
  const tableSpec = schema?.tables.get(table);
  const spec = tableSpec?.searchIndexes?.find((candidate) => candidate.indexDescriptor === index);
  if (!spec) {
    if (tableSpec?.indexes?.some((candidate) => candidate.indexDescriptor === index)) {
      throw badRequest(`Index ${name} is not a search index`);
    }
    throw badRequest(`Index ${name} not found.`);
  }
  let text: string | null = null;
  const equalities: Array<{ fieldPath: string; value: unknown }> = [];
  for (const filter of source.filters) {
    if (filter.type === "Search") {
      if (filter.fieldPath !== spec.searchField) {
        throw badRequest(
          `Search query against ${name} contains a search filter against "${filter.fieldPath}", ` +
            `which doesn't match the indexed \`searchField\` "${spec.searchField}".`,
        );
      }
      if (text !== null) {
        throw badRequest(
          `Search query against ${name} contains multiple search filters against "${filter.fieldPath}". Only one is allowed.`,
        );
      }
      text = filter.value;
    } else {
      if (!spec.filterFields.includes(filter.fieldPath)) {
        throw badRequest(
          `Search query against ${name} contains an equality filter on "${filter.fieldPath}" ` +
            "but that field isn't indexed for filtering in `filterFields`.",
        );
      }
      equalities.push(filter);
    }
  }
  if (text === null) {
    throw badRequest(
      `Search query against ${name} does not contain any search filters. You must include a search filter ` +
        `like \`q.search("${spec.searchField}", searchText)\`.`,
    );
  }
  if (equalities.length > MAX_FILTER_CONDITIONS) {
    throw badRequest(
      `Search query against ${name} has too many filter conditions. Max: ${MAX_FILTER_CONDITIONS} Actual: ${equalities.length}`,
    );
  }
  return { table, spec, terms: searchTerms(text).slice(0, MAX_QUERY_TERMS), equalities };
}

/** The table's documents ranked for the query, best first, at most 1,024. */
function rank(db: DatabaseFake, source: SearchSource, iterate: (table: string, each: (doc: StoredDocument) => void) => void) {
  const { table, spec, terms, equalities } = compile(db._schema as Schema, source);
  if (terms.length === 0) return [];
  const docs: Array<{ doc: StoredDocument; terms: string[] }> = [];
  iterate(table, (doc) => {
    const text = fieldValue(doc, spec.searchField);
    docs.push({ doc, terms: typeof text === "string" ? searchTerms(text) : [] });
  });
  // The query's terms, the last one also as a prefix of the index's terms.
  const weights = new Map<string, number>();
  for (const term of terms.slice(0, -1)) weights.set(term, 1);
  const last = terms[terms.length - 1];
  const vocabulary = [...new Set(docs.flatMap((entry) => entry.terms))].sort();
  const expansions = vocabulary.filter((term) => term.startsWith(last) && term !== last).slice(0, MAX_PREFIX_MATCHES);
  for (const term of expansions) if (!weights.has(term)) weights.set(term, 0.5);
  weights.set(last, 1);

  const frequency = new Map<string, number>();
  for (const entry of docs) for (const term of new Set(entry.terms)) if (weights.has(term)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const averageLength = docs.reduce((sum, entry) => sum + entry.terms.length, 0) / Math.max(docs.length, 1);

  const ranked: Array<{ doc: StoredDocument; score: number }> = [];
  for (const entry of docs) {
    if (!equalities.every((eq) => sameValue(fieldValue(entry.doc, eq.fieldPath), eq.value))) continue;
    let score = 0;
    const counts = new Map<string, number>();
    for (const term of entry.terms) if (weights.has(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, tf] of counts) {
      const n = frequency.get(term) ?? 0;
      const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
      const norm = tf + K1 * (1 - B + (B * entry.terms.length) / (averageLength || 1));
      score += weights.get(term)! * idf * ((tf * (K1 + 1)) / norm);
    }
    if (counts.size > 0) ranked.push({ doc: entry.doc, score: Math.fround(score) });
  }
  ranked.sort((a, b) => b.score - a.score || b.doc._creationTime - a.doc._creationTime || (a.doc._id < b.doc._id ? -1 : 1));
  return ranked.slice(0, MAX_SEARCH_RESULTS);
}

/**
 * Makes every convex-test database (the class is shared by all instances and
 * components) run search queries as Convex does. Call before anything else
 * wraps `_resolveQuerySource`, so their wrappers see the ranked documents.
 */
export function enforceSearchIndexes(db: DatabaseFake) {
  const prototype = Object.getPrototypeOf(db) as Record<string | symbol, unknown>;
  if (prototype[PATCHED]) return;
  const resolve = prototype._resolveQuerySource as Resolve | undefined;
  const iterateDocs = prototype._iterateDocs as
    | ((this: DatabaseFake, table: string, each: (doc: StoredDocument) => void) => void)
    | undefined;
  if (typeof resolve !== "function" || typeof iterateDocs !== "function") {
    throw new Error(
      "This version of convex-test resolves queries differently than Helm's search expects " +
        "(offline/engine/search-index.ts). Pin convex-test to the version in package-lock.json.",
    );
  }
  prototype._resolveQuerySource = function (this: DatabaseFake, query: QueryLike): Resolved {
    if (query.source.type !== "Search") return resolve.call(this, query);
    // convex-test's own resolution gives the `.filter()` function and limit; its documents are replaced.
    const base = resolve.call(this, { ...query, source: { ...query.source, filters: [] } });
    const ranked = rank(this, query.source as SearchSource, (table, each) => iterateDocs.call(this, table, each));
    const sortedDocs = ranked.map(({ doc, score }) => {
      const copy = { ...doc };
      // Not enumerable: never part of the document a function receives.
      Object.defineProperty(copy, SEARCH_RANK_FIELD, { value: [-score, -doc._creationTime, doc._id], enumerable: false });
      return copy;
    });
    return { ...base, sortedDocs, fieldPathsToSortBy: [SEARCH_RANK_FIELD], order: "asc" };
  };
  prototype[PATCHED] = true;
}
