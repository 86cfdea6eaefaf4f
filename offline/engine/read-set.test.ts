import { convexToJson } from "convex/values";
import { describe, expect, test } from "vitest";
import type { StoredDocument } from "./internals";
import { ReadSet, type WrittenDocument } from "./read-set";

const doc = (id: string, fields: Record<string, unknown>) => ({ _id: id, _creationTime: 1, ...fields }) as StoredDocument;
const write = (id: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null): WrittenDocument => ({
  id,
  table: id.replace(/^[0-9]+/, ""),
  before: before && doc(id, before),
  after: after && doc(id, after),
});
const eq = (fieldPath: string, value: unknown) => ({ type: "Eq", fieldPath, value: convexToJson(value as never) });

function ledgerOf(userId: string) {
  const reads = new ReadSet();
  reads.readQuery({ source: { type: "IndexRange", indexName: "creditLedger.by_userId", range: [eq("userId", userId)] } as never });
  return reads;
}

describe("ReadSet", () => {
  test("an index range is affected only by documents inside it, before or after the write", () => {
    const reads = ledgerOf("u1");
    expect(reads.affectedBy([write("1creditLedger", null, { userId: "u2" })])).toBe(false);
    expect(reads.affectedBy([write("2creditLedger", null, { userId: "u1" })])).toBe(true);
    expect(reads.affectedBy([write("3creditLedger", { userId: "u1" }, { userId: "u2" })])).toBe(true);
    expect(reads.affectedBy([write("4creditLedger", { userId: "u1" }, null)])).toBe(true);
    expect(reads.affectedBy([write("5users", null, { userId: "u1" })])).toBe(false);
  });

  test("bounds, nested fields and missing fields compare like Convex values", () => {
    const reads = new ReadSet();
    reads.readQuery({
      source: {
        type: "IndexRange",
        indexName: "chatMessages.by_session",
        range: [eq("ref.id", "s1"), { type: "Gte", fieldPath: "createdAt", value: 10 }, { type: "Lt", fieldPath: "createdAt", value: 20 }],
      },
    } as never);
    expect(reads.affectedBy([write("1chatMessages", null, { ref: { id: "s1" }, createdAt: 10 })])).toBe(true);
    expect(reads.affectedBy([write("2chatMessages", null, { ref: { id: "s1" }, createdAt: 20 })])).toBe(false);
    expect(reads.affectedBy([write("3chatMessages", null, { ref: { id: "s2" }, createdAt: 15 })])).toBe(false);

    const missing = new ReadSet();
    missing.readQuery({
      source: { type: "IndexRange", indexName: "tasks.by_parent", range: [{ type: "Eq", fieldPath: "parent", value: { $undefined: null } }] },
    } as never);
    expect(missing.affectedBy([write("1tasks", null, { title: "no parent" })])).toBe(true);
    expect(missing.affectedBy([write("2tasks", null, { parent: "p" })])).toBe(false);
  });

  test("scans and counts cover the whole table; a get covers one document", () => {
    const reads = new ReadSet();
    reads.readQuery({ source: { type: "FullTableScan", tableName: "projects" } } as never);
    reads.readTable("tasks");
    reads.readDocument("7users");
    expect(reads.affectedBy([write("1projects", null, {})])).toBe(true);
    expect(reads.affectedBy([write("1tasks", null, {})])).toBe(true);
    expect(reads.affectedBy([write("7users", { name: "a" }, { name: "b" })])).toBe(true);
    expect(reads.affectedBy([write("8users", null, { name: "c" })])).toBe(false);
    expect(reads.touchedTables).toEqual(["projects", "tasks", "users"]);
  });

  test("search reads and unreadable ranges fall back to the whole table", () => {
    const reads = new ReadSet();
    reads.readQuery({ source: { type: "Search", indexName: "notes.search_text", filters: [] } } as never);
    reads.readQuery({ source: { type: "IndexRange", indexName: "tasks.by_x", range: "nonsense" } } as never);
    expect(reads.affectedBy([write("1notes", null, {})])).toBe(true);
    expect(reads.affectedBy([write("1tasks", null, {})])).toBe(true);
  });

  test("a component's tables are its own: same-named app tables and ids do not match them", () => {
    const inComponent = (w: WrittenDocument, component: string): WrittenDocument => ({ ...w, component });
    const reads = new ReadSet();
    reads.readQuery({ source: { type: "FullTableScan", tableName: "rateLimits" } } as never, "rateLimiter");
    reads.readQuery({ source: { type: "IndexRange", indexName: "notes.by_x", range: [eq("x", 1)] } } as never, "counter");
    reads.readDocument("9users", "auth");
    expect(reads.affectedBy([inComponent(write("1rateLimits", null, {}), "rateLimiter")])).toBe(true);
    expect(reads.affectedBy([write("1rateLimits", null, {})])).toBe(false);
    expect(reads.affectedBy([inComponent(write("1rateLimits", null, {}), "rateLimiter/batchWorker")])).toBe(false);
    expect(reads.affectedBy([inComponent(write("2notes", null, { x: 1 }), "counter")])).toBe(true);
    expect(reads.affectedBy([write("2notes", null, { x: 1 })])).toBe(false);
    expect(reads.affectedBy([inComponent(write("9users", null, {}), "auth")])).toBe(true);
    expect(reads.affectedBy([write("9users", null, {})])).toBe(false);
    expect(reads.touchedTables).toEqual(["auth/users", "counter/notes", "rateLimiter/rateLimits"]);
  });

  test("new code or restored data affects every query", () => {
    expect(new ReadSet().affectedBy("everything")).toBe(true);
  });
});
