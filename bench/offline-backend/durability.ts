/**
 * The durability part of the offline backend benchmark (called by
 * bench/offline-backend.ts): what writing every commit to SQLite before it
 * returns costs, and what start-up costs as the database grows.
 *
 *  - commit latency of a small mutation (grantEachRun: a ledger row and a
 *    usage row), in-process, so the figure is the engine's and the store's,
 *    not the network's. "before" is the engine with nothing written inside the
 *    commit, which is what the former JSON persister did (it rewrote the whole
 *    file up to a second later);
 *  - bytes written per small commit: growth of the write-ahead log and the
 *    process's write(2) bytes (`wchar` in /proc/self/io), per commit;
 *  - what the former persister wrote per save (the whole database as JSON);
 *  - start-up: loading the store into the engine (in-process), and the whole
 *    backend process until it is ready, with its resident memory.
 */
import { rename, stat, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { convexToJson, type Value } from "convex/values";
import { DEV_ISSUER } from "../../offline/auth/dev-auth";
import { fixtureModules } from "../../offline/backend";
import { Engine, type Identity } from "../../offline/engine/engine";
import { loadGeneration, type Generation } from "../../offline/engine/modules";
import { setQuiet } from "../../offline/log";
import { DATABASE_FILE, Persister } from "../../offline/persistence";
import { SqliteStore, type Synchronous } from "../../offline/store/sqlite-store";
import { removeDataDir, ROOT, startBackendProcess, tempDataDir } from "../../offline/testing/backend-process";

const SIZES = [1_000, 100_000];
const WARMUP = 50;
const SAMPLES = 300;
/** Few enough commits that SQLite's automatic checkpoint (at 1,000 log pages) does not run. */
const BYTES_WINDOW = 100;
const FILL_BATCH = 4_000;
const BODY = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(4);

type Mode = "before (nothing written in the commit)" | `after: SQLite WAL, synchronous=${Synchronous}`;

export type CommitFigures = {
  documents: number;
  mode: Mode;
  samples: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
  /** The SQLite transaction alone (SqliteStore.write). */
  storeWriteP50Ms: number | null;
  storeWriteP95Ms: number | null;
  /** Write-ahead log growth per commit (after a checkpoint), bytes. */
  walBytesPerCommit: number | null;
  /** Bytes this process passed to write(2) per commit. */
  writeSyscallBytesPerCommit: number;
};

export type StartUpFigures = {
  documents: number;
  /** Persister.open on a fresh engine: read, decode and index every document. */
  loadMs: number;
  /** The same, in CPU time of this process (less sensitive to a busy machine). */
  loadCpuMs: number;
  /** `offline/serve.ts` spawned until it prints its ready line (includes compiling convex/). */
  processReadyMs: number;
  processRssMiB: number;
  databaseFileMiB: number;
};

export type LegacySaveFigures = { documents: number; bytesPerSave: number; msPerSave: number };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (value: number) => Math.round(value * 100) / 100;
const mib = (bytes: number) => round(bytes / 1024 / 1024);

const IDENTITY: Identity = {
  subject: "dev|bench-writer",
  issuer: DEV_ISSUER,
  tokenIdentifier: `${DEV_ISSUER}|dev|bench-writer`,
  name: "Bench Writer",
};

function processWrites(): number {
  const io = readFileSync("/proc/self/io", "utf8");
  return Number(/^wchar: (\d+)$/m.exec(io)?.[1] ?? 0);
}

async function call(engine: Engine, udfPath: string) {
  const outcome = await engine.call("mutation", udfPath, {}, IDENTITY, { allowInternal: true });
  if (!outcome.ok) throw new Error(`${udfPath} failed: ${outcome.message}`);
}

/** A data folder holding `documents` documents of a few hundred bytes each, plus one signed-up user. */
async function populate(generation: Generation, dataDir: string, documents: number) {
  const engine = await Engine.start(generation);
  const persister = await Persister.open(engine, dataDir);
  await call(engine, "users:store");
  for (let made = 0; made < documents; made += FILL_BATCH) {
    const count = Math.min(FILL_BATCH, documents - made);
    await engine.runMutation(async (ctx: { db: { insert: (table: string, doc: object) => Promise<unknown> } }) => {
      for (let i = 0; i < count; i++) {
        await ctx.db.insert("benchFiller", { n: made + i, title: `Note ${made + i}`, body: BODY, tags: ["bench", "filler"] });
      }
    });
  }
  persister.close();
}

/** Times every SqliteStore.write in this process. */
function timeStoreWrites() {
  const durations: number[] = [];
  const write = SqliteStore.prototype.write;
  SqliteStore.prototype.write = function (this: SqliteStore, ...args: Parameters<typeof write>) {
    const started = performance.now();
    try {
      return write.apply(this, args);
    } finally {
      durations.push(performance.now() - started);
    }
  };
  return {
    durations,
    restore: () => {
      SqliteStore.prototype.write = write;
    },
  };
}

async function measureCommits(generation: Generation, dataDir: string, documents: number, synchronous: Synchronous | null) {
  const engine = await Engine.start(generation);
  const persister = await Persister.open(engine, dataDir, { synchronous: synchronous ?? undefined });
  if (synchronous === null) persister.close();
  const grant = () => call(engine, "_fixtures/conformance:grantEachRun");
  for (let i = 0; i < WARMUP; i++) await grant();

  const storeWrites = timeStoreWrites();
  const latencies: number[] = [];
  try {
    for (let i = 0; i < SAMPLES; i++) {
      const started = performance.now();
      await grant();
      latencies.push(performance.now() - started);
    }
  } finally {
    storeWrites.restore();
  }

  const checkpoint = new Database(join(dataDir, DATABASE_FILE));
  checkpoint.pragma("wal_checkpoint(TRUNCATE)");
  const writesBefore = processWrites();
  for (let i = 0; i < BYTES_WINDOW; i++) await grant();
  const written = processWrites() - writesBefore;
  const walBytes = synchronous === null ? null : (await stat(join(dataDir, `${DATABASE_FILE}-wal`))).size;
  checkpoint.close();
  if (synchronous !== null) persister.close();

  latencies.sort((a, b) => a - b);
  const writes = storeWrites.durations.sort((a, b) => a - b);
  const figures: CommitFigures = {
    documents,
    mode: synchronous === null ? "before (nothing written in the commit)" : `after: SQLite WAL, synchronous=${synchronous}`,
    samples: SAMPLES,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    meanMs: round(latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length),
    storeWriteP50Ms: writes.length > 0 ? round(percentile(writes, 50)) : null,
    storeWriteP95Ms: writes.length > 0 ? round(percentile(writes, 95)) : null,
    walBytesPerCommit: walBytes === null ? null : Math.round(walBytes / BYTES_WINDOW),
    writeSyscallBytesPerCommit: Math.round(written / BYTES_WINDOW),
  };
  return { figures, engine };
}

/** One save of the former persister: every document as JSON, to a temporary file, renamed over db.json. */
async function legacySave(engine: Engine, dataDir: string, documents: number): Promise<LegacySaveFigures> {
  const started = performance.now();
  const text = JSON.stringify({
    format: 1,
    savedAt: new Date().toISOString(),
    nextDocId: engine.db._nextDocId,
    lastCreationTime: engine.db._lastCreationTime,
    lastCommitTs: engine.internals.transactionManager._lastCommitTs.toString(),
    documents: Object.values(engine.db._documents).map((doc) => convexToJson(doc as Value)),
    files: {},
  });
  const file = join(dataDir, "legacy-db.json");
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
  return { documents, bytesPerSave: Buffer.byteLength(text), msPerSave: round(performance.now() - started) };
}

async function measureStartUp(generation: Generation, dataDir: string, documents: number): Promise<StartUpFigures> {
  const engine = await Engine.start(generation);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const persister = await Persister.open(engine, dataDir);
  const loadMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  persister.close();

  const spawned = performance.now();
  const backend = await startBackendProcess({ dataDir });
  const processReadyMs = performance.now() - spawned;
  const status = readFileSync(`/proc/${backend.pid}/status`, "utf8");
  const rssKiB = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
  await backend.stop();
  return {
    documents,
    loadMs: round(loadMs),
    loadCpuMs: round((cpu.user + cpu.system) / 1000),
    processReadyMs: round(processReadyMs),
    processRssMiB: mib(rssKiB * 1024),
    databaseFileMiB: mib((await stat(join(dataDir, DATABASE_FILE))).size),
  };
}

export async function measureDurability() {
  setQuiet(true);
  const generation = await loadGeneration(join(ROOT, "convex"), fixtureModules());
  const commits: CommitFigures[] = [];
  const startUp: StartUpFigures[] = [];
  const legacyJsonSaves: LegacySaveFigures[] = [];
  for (const documents of SIZES) {
    const dataDir = tempDataDir(`bench-durability-${documents}`);
    try {
      await populate(generation, dataDir, documents);
      for (const synchronous of [null, "NORMAL", "FULL"] as const) {
        const { figures, engine } = await measureCommits(generation, dataDir, documents, synchronous);
        commits.push(figures);
        if (synchronous === null) legacyJsonSaves.push(await legacySave(engine, dataDir, documents));
      }
      startUp.push(await measureStartUp(generation, dataDir, documents));
    } finally {
      await removeDataDir(dataDir);
    }
  }
  return {
    description:
      "Every commit is written to <data dir>/db.sqlite (SQLite, WAL) before it returns. Commit latency: a small " +
      "mutation (grantEachRun) in-process, with N filler documents in the database. 'before' writes nothing inside " +
      "the commit, as the former JSON persister did (it rewrote the whole file 150 ms-1 s later: see legacyJsonSaves). " +
      "Start-up: loadMs is reading the store into the engine; processReadyMs is the whole backend process until " +
      "ready, which also compiles convex/.",
    commits,
    legacyJsonSaves,
    startUp,
  };
}
