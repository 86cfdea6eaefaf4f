import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, expect, test } from "vitest";
import { billingUpdated, packActivated } from "../convex/billing/autumnFixtures.testing";
import { signedWebhookHeaders } from "./autumn/deliver";
import { removeDataDir, startBackendProcess, tempDataDir, type BackendProcess } from "./testing/backend-process";
import { devToken, fixtures, signedIn, type Balance } from "./testing/clients";

/*
 * Durable before acknowledged: whatever a client was told succeeded survives
 * `kill -9` of the backend at any moment after. Each round makes one write
 * through a different door (a mutation over the WebSocket, a mutation over
 * HTTP, a signed purchase webhook), kills the process 0–500 ms after the
 * acknowledgement, restarts it on the same data and checks every write
 * acknowledged so far (a webhook's write is its event record: redelivered
 * after the restart, it is a duplicate).
 */

const ROUNDS = 20;
const MAX_KILL_DELAY_MS = 500;
const SEED = 0x5eed_d0e5;
const PAYER = "Durable Payer";
const PAYER_CUSTOMER_ID = "dev|durable-payer";
const SIGN_UP_CREDITS = 100;

const dataDir = tempDataDir("durability");
let running: BackendProcess | undefined;

afterAll(async () => {
  await running?.kill();
  await removeDataDir(dataDir);
});

/** mulberry32: the same delays on every run, so a failure can be replayed. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function webhookSecret(): Promise<string> {
  if (process.env.AUTUMN_WEBHOOK_SECRET) return process.env.AUTUMN_WEBHOOK_SECRET;
  return (JSON.parse(await readFile(join(dataDir, "secrets.json"), "utf8")) as { autumnWebhookSecret: string })
    .autumnWebhookSecret;
}

async function deliverPurchase(siteUrl: string, eventId: string) {
  const sentAt = new Date();
  const body = JSON.stringify(billingUpdated(PAYER_CUSTOMER_ID, [packActivated("credits_500")]));
  const response = await fetch(`${siteUrl}/webhooks/autumn`, {
    method: "POST",
    headers: signedWebhookHeaders(await webhookSecret(), eventId, sentAt, body),
    body,
  });
  return { status: response.status, body: (await response.json()) as { duplicate?: boolean } };
}

async function httpAs(apiUrl: string, name: string) {
  const http = new ConvexHttpClient(apiUrl);
  http.setAuth(await devToken(apiUrl, name));
  return http;
}

test(`${ROUNDS} acknowledged writes survive kill -9 at a random moment after each`, { timeout: 900_000 }, async () => {
  const random = seededRandom(SEED);
  const started = performance.now();
  let startUpMs = 0;
  const start = async () => {
    const before = performance.now();
    running = await startBackendProcess({ dataDir });
    startUpMs += performance.now() - before;
    return running;
  };

  let backend = await start();
  const payer = await signedIn(backend.apiUrl, PAYER);
  await payer.client.close();
  const acknowledged = { users: new Map<string, string>([[PAYER, payer.userId]]), balance: SIGN_UP_CREDITS };
  const lastEvent = { id: "" };

  for (let round = 0; round < ROUNDS; round++) {
    let closeClient = async () => {};
    if (round % 3 === 0) {
      const name = `Durable ${round}`;
      const user = await signedIn(backend.apiUrl, name);
      acknowledged.users.set(name, user.userId);
      closeClient = () => user.client.close();
    } else if (round % 3 === 1) {
      await (await httpAs(backend.apiUrl, PAYER)).mutation(fixtures.grantEachRun, {});
      acknowledged.balance += 1;
    } else {
      lastEvent.id = `msg_durability_${round}`;
      const delivery = await deliverPurchase(backend.siteUrl, lastEvent.id);
      expect(delivery).toMatchObject({ status: 200, body: { duplicate: false } });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * (MAX_KILL_DELAY_MS + 1))));
    await backend.kill();
    await closeClient();

    backend = await start();
    for (const [name, userId] of acknowledged.users) {
      const me = await (await httpAs(backend.apiUrl, name)).query(anyApi.users.me, {});
      expect(me, `${name} after round ${round}`).toMatchObject({ _id: userId, name });
    }
    const payerHttp = await httpAs(backend.apiUrl, PAYER);
    const balance = (await payerHttp.query(anyApi.credits.balance, {})) as Balance;
    expect(balance.remaining, `the payer's balance after round ${round}`).toBe(acknowledged.balance);
    if (round % 3 === 2) {
      const again = await deliverPurchase(backend.siteUrl, lastEvent.id);
      expect(again, `the event of round ${round}`).toMatchObject({ status: 200, body: { duplicate: true } });
    }
  }

  const totalMs = performance.now() - started;
  console.info(
    `durability: ${ROUNDS} rounds in ${(totalMs / 1000).toFixed(1)} s, ` +
      `of which ${(startUpMs / 1000).toFixed(1)} s starting the backend (${ROUNDS + 1} starts)`,
  );
});
