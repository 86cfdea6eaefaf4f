/**
 * Chat creations per second (`npm run bench -- chat-creation`): 50 users,
 * each signed in on a client of their own, create 10 chats each, all users
 * at once, through the real `convex` client against the offline backend.
 * Prints chats per second and the latency of one creation, and writes them
 * to bench/results/chat-creation.json.
 *
 * What this can and cannot show: the offline engine commits one transaction
 * at a time, so it never has the optimistic-concurrency conflicts a shared
 * document causes on Convex. Before the per-user counter every creation
 * wrote one deployment-wide `counters` row; on Convex concurrent creations
 * then conflict and retry. The test `convex/chat/sessions.test.ts` checks
 * that 50 users' creations now write disjoint documents; this benchmark
 * tracks the throughput the engine itself gives.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { anyApi } from "convex/server";
import { removeDataDir, ROOT, startBackendProcess, tempDataDir } from "../offline/testing/backend-process";
import { signedIn } from "../offline/testing/clients";

const USERS = 50;
const CHATS_PER_USER = 10;
const RESULT_FILE = join(ROOT, "bench", "results", "chat-creation.json");

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (n: number) => Math.round(n * 100) / 100;

export async function run(): Promise<void> {
  const dataDir = tempDataDir("bench-chat-creation");
  const backend = await startBackendProcess({ dataDir });
  try {
    const users = await Promise.all(Array.from({ length: USERS }, (_, i) => signedIn(backend.apiUrl, `Creator ${i}`)));
    // Warm up: one creation each, so sign-up and module loading are not timed.
    await Promise.all(users.map(({ client }) => client.mutation(anyApi.chat.sessions.create, {})));
    const latencies: number[] = [];
    const loadBefore = loadavg()[0];
    const started = performance.now();
    await Promise.all(
      users.map(async ({ client }) => {
        for (let i = 0; i < CHATS_PER_USER; i++) {
          const t0 = performance.now();
          await client.mutation(anyApi.chat.sessions.create, {});
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const result = {
      measuredAt: new Date().toISOString(),
      machine: { cpus: cpus().length, loadBefore: round(loadBefore), loadAfter: round(loadavg()[0]) },
      users: USERS,
      chatsPerUser: CHATS_PER_USER,
      chatsPerSecond: round((USERS * CHATS_PER_USER) / seconds),
      createMedianMs: round(percentile(latencies, 50)),
      createP95Ms: round(percentile(latencies, 95)),
    };
    console.log(
      `${USERS} users × ${CHATS_PER_USER} chats: ${result.chatsPerSecond} chats/s; one creation median ${result.createMedianMs} ms, p95 ${result.createP95Ms} ms`,
    );
    await mkdir(join(ROOT, "bench", "results"), { recursive: true });
    await writeFile(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
    await Promise.all(users.map(({ client }) => client.close()));
  } finally {
    await backend.stop();
    await removeDataDir(dataDir);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await run();
