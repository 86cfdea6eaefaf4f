import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ConvexHttpClient, type ConvexClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { removeDataDir, startBackendProcess, tempDataDir, type BackendProcess } from "./testing/backend-process";
import { connect, eventually, fixtures, watch } from "./testing/clients";

/*
 * Convex components (convex/convex.config.ts), proven with
 * @convex-dev/rate-limiter: the fixtures in testing/fixtures/conformance.ts
 * use a token bucket of 3 an hour per key, through the component.
 */

type LimitStatus = { ok: boolean; retryAfter?: number };

const dataDir = tempDataDir("components");
let backend: BackendProcess;
let client: ConvexClient;

async function restart() {
  await client?.close();
  await backend?.stop();
  backend = await startBackendProcess({ dataDir });
  client = (await connect(backend.apiUrl)).client;
}

beforeAll(restart);

afterAll(async () => {
  await client?.close();
  await backend?.stop();
  await removeDataDir(dataDir);
});

describe("components", () => {
  test("a component's mutation, query and table work through the real ConvexClient", async () => {
    expect(await client.query(fixtures.canTakeToken, { key: "alice" })).toEqual({ ok: true });
    for (let i = 0; i < 3; i++) {
      expect(await client.mutation(fixtures.takeToken, { key: "alice" })).toEqual({ ok: true });
    }
    const refused = (await client.mutation(fixtures.takeToken, { key: "alice" })) as LimitStatus;
    expect(refused.ok).toBe(false);
    // The next token is due in about 20 minutes (3 an hour).
    expect(refused.retryAfter).toBeGreaterThan(10 * 60_000);
    expect(refused.retryAfter).toBeLessThanOrEqual(20 * 60_000);
    expect(((await client.query(fixtures.canTakeToken, { key: "alice" })) as LimitStatus).ok).toBe(false);
    expect(await client.query(fixtures.tokensLeft, { key: "alice" })).toBe(0);
    // Another key has its own bucket.
    expect(await client.mutation(fixtures.takeToken, { key: "bob" })).toEqual({ ok: true });
  });

  test("component functions cannot be called by clients directly", async () => {
    const rateLimit = makeFunctionReference<"mutation">("lib:rateLimit");
    const args = { name: "fixtureBucket", key: "carol", config: { kind: "token bucket", rate: 3, period: 3_600_000 } };
    await expect(client.mutation(rateLimit, args)).rejects.toThrow(/Could not find public function for 'lib:rateLimit'/);
    // The HTTP client's internal way to name a component (used by Convex's CLI with an admin key).
    const http = new ConvexHttpClient(backend.apiUrl) as unknown as {
      function: (ref: unknown, componentPath: string, args: unknown) => Promise<unknown>;
    };
    await expect(http.function(rateLimit, "rateLimiter", args)).rejects.toThrow(/Could not find public function/);
    expect(await client.query(fixtures.tokensLeft, { key: "carol" })).toBe(3);
  });

  test("a subscription to an app query that reads the component re-runs when the component's data changes", async () => {
    const tokens = watch<number>(client, fixtures.tokensLeft, { key: "dave" });
    await tokens.until((left) => left === 3);
    await client.mutation(fixtures.takeToken, { key: "dave" });
    await tokens.until((left) => left === 2);
    await client.mutation(fixtures.takeToken, { key: "dave" });
    await tokens.until((left) => left === 1);
    expect(tokens.errors).toEqual([]);
    tokens.stop();
  });

  // Needs the SQLite store, which saves every component's database (the
  // db.json persistence saves the app's only).
  test("the component's tables persist across a restart", async () => {
    for (let i = 0; i < 3; i++) await client.mutation(fixtures.takeToken, { key: "erin" });
    await restart();
    expect(await client.query(fixtures.tokensLeft, { key: "erin" })).toBe(0);
    expect(((await client.mutation(fixtures.takeToken, { key: "erin" })) as LimitStatus).ok).toBe(false);
  });
});

describe("npm run dev's backend", () => {
  test("mounts the project's components (no test fixtures)", async () => {
    const devData = tempDataDir("components-dev");
    const dev = await startBackendProcess({ dataDir: devData, testing: false });
    try {
      const info = (await (await fetch(`${dev.apiUrl}/_helm/info`)).json()) as { components: string[] };
      expect(info.components).toEqual(["rateLimiter", "rateLimiter/batchWorker"]);
      expect(dev.output()).toMatch(/Components: rateLimiter, rateLimiter\/batchWorker/);
    } finally {
      await dev.stop();
      await removeDataDir(devData);
    }
  });
});

describe("hot reload with components", () => {
  // A throwaway functions folder (never the project's own convex/) with a
  // component defined in it, whose table is named like one of the app's.
  const reloadData = tempDataDir("components-reload");
  const convexDir = join(reloadData, "convex");
  const write = async (path: string, text: string) => {
    await mkdir(dirname(join(convexDir, path)), { recursive: true });
    await writeFile(join(convexDir, path), text);
  };
  const counterLib = (version: string) => `import { mutationGeneric, queryGeneric } from "convex/server";
import { v } from "convex/values";
export const version = queryGeneric({ args: {}, returns: v.string(), handler: async () => ${JSON.stringify(version)} });
export const add = mutationGeneric({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    await ctx.db.insert("notes", { text: "counted" });
    return null;
  },
});
export const count = queryGeneric({ args: {}, returns: v.number(), handler: async (ctx) => (await ctx.db.query("notes").collect()).length });
`;
  let reloading: BackendProcess;
  let reloadClient: ConvexClient;
  const api = {
    version: makeFunctionReference<"query">("app:version"),
    add: makeFunctionReference<"mutation">("app:add"),
    count: makeFunctionReference<"query">("app:count"),
    ownNotes: makeFunctionReference<"query">("app:ownNotes"),
  };

  beforeAll(async () => {
    await write(
      "schema.ts",
      `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({ notes: defineTable({ text: v.string() }) });
`,
    );
    await write(
      "counter/schema.ts",
      `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({ notes: defineTable({ text: v.string() }) });
`,
    );
    await write("counter/lib.ts", counterLib("c1"));
    await write(
      "counter/convex.config.ts",
      `import { defineComponent } from "convex/server";\nexport default defineComponent("counter");\n`,
    );
    await write(
      "convex.config.ts",
      `import { defineApp } from "convex/server";
import counter from "./counter/convex.config";
const app = defineApp();
app.use(counter);
export default app;
`,
    );
    await write(
      "app.ts",
      `import { componentsGeneric, mutationGeneric, queryGeneric } from "convex/server";
import { v } from "convex/values";
const components = componentsGeneric();
export const version = queryGeneric({ args: {}, returns: v.string(), handler: async (ctx) => await ctx.runQuery(components.counter.lib.version, {}) });
export const add = mutationGeneric({ args: {}, returns: v.null(), handler: async (ctx) => await ctx.runMutation(components.counter.lib.add, {}) });
export const count = queryGeneric({ args: {}, returns: v.number(), handler: async (ctx) => await ctx.runQuery(components.counter.lib.count, {}) });
export const ownNotes = queryGeneric({ args: {}, returns: v.number(), handler: async (ctx) => (await ctx.db.query("notes").collect()).length });
`,
    );
    reloading = await startBackendProcess({ dataDir: reloadData, convexDir, watch: true, testing: false });
    reloadClient = (await connect(reloading.apiUrl)).client;
  });

  afterAll(async () => {
    await reloadClient?.close();
    await reloading?.stop();
    await removeDataDir(reloadData);
  });

  test("editing a component's code swaps it and keeps its data; its table is its own", async () => {
    const version = watch<string>(reloadClient, api.version);
    await version.until((value) => value === "c1");
    const count = watch<number>(reloadClient, api.count);
    await count.until((value) => value === 0);
    await reloadClient.mutation(api.add, {});
    await reloadClient.mutation(api.add, {});
    await count.until((value) => value === 2);
    // The component's "notes" is not the app's "notes".
    expect(await reloadClient.query(api.ownNotes, {})).toBe(0);

    await write("counter/lib.ts", counterLib("c2"));
    await version.until((value) => value === "c2");
    expect(await reloadClient.query(api.count, {})).toBe(2);
    await eventually(
      () => /Reloaded convex\/ \(counter\/lib\.ts\)/.test(reloading.output()),
      () => `a reload line in:\n${reloading.output()}`,
    );
    version.stop();
    count.stop();
  });
});
