/**
 * Offline backend benchmark (`npm run bench`, or `node --import tsx bench/offline-backend.ts`).
 *
 * Latency from one client's mutation to another client's subscription update,
 * through the real `convex` clients over WebSocket, with 10 and 100 active
 * subscriptions on the backend, in two cases:
 *  - "other users": the other subscriptions read the same tables (credit
 *    balances) but other users' rows, so the backend's read sets let it skip
 *    them;
 *  - "same user": every subscription reads the rows the mutation writes, so
 *    each commit re-runs all of them and sends every client a new result.
 * Prints median and p95 and writes them to bench/results/offline-backend.json,
 * with the durability figures (bench/offline-backend/durability.ts) under
 * `durability`. `--durability` measures only those and keeps the other keys.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { removeDataDir, ROOT, startBackendProcess, tempDataDir } from "../offline/testing/backend-process";
import { fixtures, signedIn, type Balance } from "../offline/testing/clients";
import { measureDurability } from "./offline-backend/durability";

const SUBSCRIPTION_COUNTS = [10, 100];
const WARMUP = 20;
const SAMPLES = 200;
const MAX_SUBSCRIPTIONS_PER_CLIENT = 10;

type Case = "other users" | "same user";

type Scenario = {
  case: Case;
  subscriptions: number;
  clients: number;
  samples: number;
  medianMs: number;
  p95Ms: number;
  meanMs: number;
  maxMs: number;
  /** The writer's own mutation round trip (resolves once its write is visible to it). */
  mutationMedianMs: number;
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (ms: number) => Math.round(ms * 100) / 100;

/** `count` subscriptions over several clients, all reading credit tables. */
async function backgroundSubscriptions(apiUrl: string, count: number, nameFor: (client: number) => string) {
  const clients: ConvexClient[] = [];
  const unsubscribes: Array<() => void> = [];
  let ready = 0;
  for (let made = 0; made < count; ) {
    const { client } = await signedIn(apiUrl, nameFor(clients.length));
    clients.push(client);
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_CLIENT && made < count; i++, made++) {
      // Distinct arguments make distinct subscriptions on one connection.
      const query = i === 0 ? anyApi.credits.balance : fixtures.taggedBalance;
      const args = i === 0 ? {} : { tag: i };
      let counted = false;
      unsubscribes.push(
        client.onUpdate(query, args, () => {
          if (!counted) ready += 1;
          counted = true;
        }),
      );
    }
  }
  while (ready < count) await new Promise((r) => setTimeout(r, 10));
  return {
    clients,
    close: async () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}

async function measure(apiUrl: string, subscriptions: number, kind: Case): Promise<Scenario> {
  const user = `Observer ${kind} ${subscriptions}`;
  // The observed subscription is one of the `subscriptions`.
  const background = await backgroundSubscriptions(apiUrl, subscriptions - 1, (client) =>
    kind === "same user" ? user : `Load ${subscriptions} ${client}`,
  );
  const observer = await signedIn(apiUrl, user);
  const writer = await signedIn(apiUrl, user);
  let expected = 0;
  let arrived: (() => void) | null = null;
  const unsubscribe = observer.client.onUpdate(anyApi.credits.balance, {}, (balance: Balance) => {
    if (balance.remaining === expected && arrived) arrived();
  });
  const latencies: number[] = [];
  const roundTrips: number[] = [];
  expected = 100;
  await new Promise<void>((resolve) => (arrived = resolve));
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    expected += 1;
    const update = new Promise<void>((resolve) => (arrived = resolve));
    const started = performance.now();
    const mutation = writer.client.mutation(fixtures.grantEachRun, {}).then(() => performance.now() - started);
    await update;
    const latency = performance.now() - started;
    const roundTrip = await mutation;
    if (i >= WARMUP) {
      latencies.push(latency);
      roundTrips.push(roundTrip);
    }
  }
  unsubscribe();
  await Promise.all([observer.client.close(), writer.client.close(), background.close()]);
  latencies.sort((a, b) => a - b);
  roundTrips.sort((a, b) => a - b);
  return {
    case: kind,
    subscriptions,
    clients: background.clients.length + 2,
    samples: latencies.length,
    medianMs: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    meanMs: round(latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length),
    maxMs: round(latencies.at(-1)!),
    mutationMedianMs: round(percentile(roundTrips, 50)),
  };
}

const RESULT_FILE = join(ROOT, "bench", "results", "offline-backend.json");
const machine = () => ({ node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown" });

async function writeResult(result: Record<string, unknown>) {
  await mkdir(join(ROOT, "bench", "results"), { recursive: true });
  await writeFile(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Wrote ${RESULT_FILE}`);
}

async function durability() {
  // The machine may be shared: the load average says how busy it was.
  const loadBefore = loadavg()[0];
  const figures = await measureDurability();
  console.log("\nOffline backend: commit latency of a small mutation (ms) and bytes written per commit");
  console.table(figures.commits);
  console.log("Former JSON persister: one save");
  console.table(figures.legacyJsonSaves);
  console.log("Start-up");
  console.table(figures.startUp);
  const load = { before: round(loadBefore), after: round(loadavg()[0]) };
  return { ...figures, generatedAt: new Date().toISOString(), machine: { ...machine(), loadAverage1m: load } };
}

async function subscriptions(): Promise<Scenario[]> {
  const dataDir = tempDataDir("bench");
  const backend = await startBackendProcess({ dataDir });
  const scenarios: Scenario[] = [];
  try {
    for (const kind of ["other users", "same user"] as const) {
      for (const count of SUBSCRIPTION_COUNTS) scenarios.push(await measure(backend.apiUrl, count, kind));
    }
  } finally {
    await backend.stop();
    await removeDataDir(dataDir);
  }
  console.log("\nOffline backend: mutation → another client's subscription update (ms)");
  console.table(
    scenarios.map((s) => ({
      case: s.case,
      subscriptions: s.subscriptions,
      clients: s.clients,
      samples: s.samples,
      median: s.medianMs,
      p95: s.p95Ms,
      mean: s.meanMs,
      max: s.maxMs,
      "writer round trip (median)": s.mutationMedianMs,
    })),
  );
  return scenarios;
}

export async function run(): Promise<void> {
  const scenarios = await subscriptions();
  await writeResult({
    benchmark: "offline-backend",
    description:
      "Latency from one ConvexClient's mutation to another ConvexClient's subscription update, over WebSocket on loopback, " +
      "with N active subscriptions. 'other users': the others read other users' rows of the written tables (skipped by " +
      "read sets); 'same user': all of them read the written rows and re-run on every commit.",
    generatedAt: new Date().toISOString(),
    machine: machine(),
    scenarios,
    durability: await durability(),
  });
}

/** Measures the durability figures only, keeping the rest of the last result. */
async function runDurabilityOnly() {
  const previous = JSON.parse(await readFile(RESULT_FILE, "utf8")) as Record<string, unknown>;
  await writeResult({ ...previous, durability: await durability() });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  (process.argv.includes("--durability") ? runDurabilityOnly() : run()).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
