import { readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Measuring harness for the chat benchmark: loads convex/ for convex-test
 * outside Vite, and wraps every registered function so its `ctx.db` counts
 * documents read and bytes written.
 */

/** Fields that hold reply text: what "text bytes written" counts. */
const TEXT_FIELDS = new Set(["content", "text"]);
const utf8 = (s: string) => Buffer.byteLength(s, "utf8");

export type Tally = {
  calls: number;
  docsRead: number;
  bytesRead: number;
  docsWritten: number;
  textBytesWritten: number;
  docBytesWritten: number;
  deletes: number;
};

export const emptyTally = (): Tally => ({
  calls: 0,
  docsRead: 0,
  bytesRead: 0,
  docsWritten: 0,
  textBytesWritten: 0,
  docBytesWritten: 0,
  deletes: 0,
});

/** Tallies by function name ("chat/streaming:appendStreamChunk"); reset between scenarios. */
export const tallies = new Map<string, Tally>();
export function tallyFor(name: string): Tally {
  let tally = tallies.get(name);
  if (!tally) tallies.set(name, (tally = emptyTally()));
  return tally;
}
export function sumTallies(filter: (name: string) => boolean): Tally {
  const total = emptyTally();
  for (const [name, t] of tallies) {
    if (!filter(name)) continue;
    for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += t[key];
  }
  return total;
}

export const docBytes = (doc: unknown) => utf8(JSON.stringify(doc));

function recordRead(tally: Tally, doc: unknown) {
  if (doc === null || doc === undefined) return;
  tally.docsRead += 1;
  tally.bytesRead += docBytes(doc);
}

function recordWrite(tally: Tally, doc: Record<string, unknown> | null) {
  if (!doc) return;
  tally.docsWritten += 1;
  tally.docBytesWritten += docBytes(doc);
  for (const [key, value] of Object.entries(doc)) {
    if (TEXT_FIELDS.has(key) && typeof value === "string") tally.textBytesWritten += utf8(value);
  }
}

type AnyDb = Record<string | symbol, unknown> & {
  get: (...args: unknown[]) => Promise<Record<string, unknown> | null>;
  query: (...args: unknown[]) => unknown;
};

const CHAINING = new Set(["withIndex", "withSearchIndex", "order", "filter", "fullTableScan"]);

function wrapQuery(query: unknown, tally: Tally): unknown {
  const target = query as Record<string | symbol, (...args: unknown[]) => unknown>;
  return new Proxy(target, {
    get(obj, prop) {
      const value = obj[prop];
      if (typeof value !== "function") return value;
      const fn = value.bind(obj);
      if (typeof prop === "string" && CHAINING.has(prop)) {
        return (...args: unknown[]) => wrapQuery(fn(...args), tally);
      }
      if (prop === "collect" || prop === "take") {
        return async (...args: unknown[]) => {
          const docs = (await fn(...args)) as unknown[];
          for (const doc of docs) recordRead(tally, doc);
          return docs;
        };
      }
      if (prop === "first" || prop === "unique") {
        return async () => {
          const doc = await fn();
          recordRead(tally, doc);
          return doc;
        };
      }
      if (prop === "paginate") {
        return async (...args: unknown[]) => {
          const result = (await fn(...args)) as { page: unknown[] };
          for (const doc of result.page) recordRead(tally, doc);
          return result;
        };
      }
      if (prop === Symbol.asyncIterator) {
        return () => {
          const iterator = fn() as AsyncIterator<unknown>;
          return {
            next: async () => {
              const step = await iterator.next();
              if (!step.done) recordRead(tally, step.value);
              return step;
            },
          };
        };
      }
      return fn;
    },
  });
}

/**
 * A ctx.db that counts; writes are measured on the document as stored. With
 * `pending`, a write is only noted (by id) and measured once when the
 * transaction ends, as Convex commits it: two patches of one document in one
 * mutation are one write.
 */
export function instrumentDb(db: AnyDb, tally: Tally, pending?: Map<string, unknown[]>): AnyDb {
  const raw = db;
  const idArg = (args: unknown[]) => (args.length >= 2 && typeof args[1] === "string" ? args.slice(0, 2) : args.slice(0, 1));
  return new Proxy(db, {
    get(obj, prop) {
      if (prop === "get") {
        return async (...args: unknown[]) => {
          const doc = await raw.get(...args);
          recordRead(tally, doc);
          return doc;
        };
      }
      if (prop === "query") return (...args: unknown[]) => wrapQuery(raw.query(...args), tally);
      if (prop === "insert") {
        return async (table: string, value: Record<string, unknown>) => {
          const id = await (obj.insert as (t: string, v: unknown) => Promise<string>)(table, value);
          if (pending) pending.set(id, [table, id]);
          else recordWrite(tally, await raw.get(table, id));
          return id;
        };
      }
      if (prop === "patch" || prop === "replace") {
        return async (...args: unknown[]) => {
          await (obj[prop] as (...a: unknown[]) => Promise<void>)(...args);
          const ref = idArg(args);
          if (pending) pending.set(String(ref.at(-1)), ref);
          else recordWrite(tally, await raw.get(...ref));
        };
      }
      if (prop === "delete") {
        return async (...args: unknown[]) => {
          await (obj.delete as (...a: unknown[]) => Promise<void>)(...args);
          tally.deletes += 1;
        };
      }
      const value = obj[prop];
      return typeof value === "function" ? value.bind(obj) : value;
    },
  });
}

type Registered = { _handler: (ctx: Record<string, unknown>, args: unknown) => Promise<unknown> };
export type AfterHook = (name: string, ctx: Record<string, unknown>, args: unknown) => Promise<void>;

/** Hooks run inside a function's transaction, after its handler, with the raw ctx. */
export const afterHooks: AfterHook[] = [];

function instrumentFunction(fn: Registered, name: string): Registered {
  const handler = fn._handler;
  const wrapped = Object.create(fn) as Registered;
  wrapped._handler = async (ctx, args) => {
    const tally = tallyFor(name);
    tally.calls += 1;
    const db = ctx.db as AnyDb | undefined;
    const pending = new Map<string, unknown[]>();
    const measured = db ? { ...ctx, db: instrumentDb(db, tally, pending) } : ctx;
    const result = await handler(measured, args);
    // Each document written, once, as the transaction commits it (a deleted one writes nothing).
    for (const ref of pending.values()) recordWrite(tally, await db!.get(...ref));
    for (const hook of afterHooks) await hook(name, ctx, args);
    return result;
  };
  return wrapped;
}

/** convex/ as a convex-test module map, every function instrumented. */
export async function loadConvexModules(convexDir: string) {
  const modules: Record<string, () => Promise<Record<string, unknown>>> = {
    "./_generated/api.js": async () => await import(pathToFileURL(join(convexDir, "_generated/api.js")).href),
  };
  const entries = await readdir(convexDir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const file = join(entry.parentPath, entry.name);
    const rel = relative(convexDir, file).split(sep).join("/");
    if (rel.startsWith("_generated/") || (entry.name.match(/\./g) ?? []).length > 1) continue;
    const modulePath = rel.slice(0, -3);
    modules[`./${rel}`] = async () => {
      const namespace = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(namespace)) {
        const isFunction = value && typeof (value as Registered)._handler === "function";
        out[key] = isFunction ? instrumentFunction(value as Registered, `${modulePath}:${key}`) : value;
      }
      return out;
    };
  }
  return modules;
}
