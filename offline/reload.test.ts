import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConvexHttpClient, type ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { removeDataDir, startBackendProcess, tempDataDir, type BackendProcess } from "./testing/backend-process";
import { connect, eventually, watch } from "./testing/clients";

/*
 * Hot reload, on a small throwaway functions folder (never the project's own
 * convex/, which other work edits concurrently).
 */

const dataDir = tempDataDir("reload");
const convexDir = join(dataDir, "convex");
let backend: BackendProcess;
let client: ConvexClient;

const schema = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({ notes: defineTable({ text: v.string() }) });
`;

const notes = (greeting: string) => `import { mutationGeneric as mutation, queryGeneric as query } from "convex/server";
import { v } from "convex/values";
export const greet = query({ args: {}, returns: v.string(), handler: async () => ${JSON.stringify(greeting)} });
export const add = mutation({
  args: { text: v.string() },
  returns: v.null(),
  handler: async (ctx, { text }) => {
    await ctx.db.insert("notes", { text });
    return null;
  },
});
export const count = query({ args: {}, returns: v.number(), handler: async (ctx) => (await ctx.db.query("notes").collect()).length });
`;

beforeAll(async () => {
  await mkdir(convexDir, { recursive: true });
  await writeFile(join(convexDir, "schema.ts"), schema);
  await writeFile(join(convexDir, "notes.ts"), notes("v1"));
  backend = await startBackendProcess({ dataDir, convexDir, watch: true, testing: false, quiet: false });
  client = (await connect(backend.apiUrl)).client;
});

afterAll(async () => {
  await client?.close();
  await backend?.stop();
  await removeDataDir(dataDir);
});

describe("hot reload", () => {
  test("an edited function is served and re-run for subscribers, keeping the data", async () => {
    const greeting = watch<string>(client, anyApi.notes.greet);
    await greeting.until((value) => value === "v1");
    await client.mutation(anyApi.notes.add, { text: "kept" });

    await writeFile(join(convexDir, "notes.ts"), notes("v2"));
    await greeting.until((value) => value === "v2");
    expect(await client.query(anyApi.notes.count, {})).toBe(1);
    greeting.stop();
  });

  test("a file that fails to load is reported and the last good version keeps serving", async () => {
    const http = new ConvexHttpClient(backend.apiUrl);
    await eventually(async () => (await http.query(anyApi.notes.greet, {})) === "v2", () => "v2 to be served");
    await writeFile(join(convexDir, "notes.ts"), `${notes("v3")}\nexport const broken = ;\n`);
    await eventually(() => /notes\.ts failed to load/.test(backend.output()), () => `an error in:\n${backend.output()}`);
    expect(await http.query(anyApi.notes.greet, {})).toBe("v2");

    await writeFile(join(convexDir, "notes.ts"), notes("v4"));
    await eventually(async () => (await http.query(anyApi.notes.greet, {})) === "v4", () => "the fixed file to be served");
  });

  test("a new module becomes callable", async () => {
    await writeFile(
      join(convexDir, "extra.ts"),
      `import { queryGeneric } from "convex/server";\nexport const ping = queryGeneric({ args: {}, handler: async () => "pong" });\n`,
    );
    const http = new ConvexHttpClient(backend.apiUrl);
    await eventually(
      async () => (await http.query(anyApi.extra.ping, {}).catch(() => null)) === "pong",
      () => "extra:ping to answer",
    );
  });

  test("cron jobs run in real time", async () => {
    const http = new ConvexHttpClient(backend.apiUrl);
    const before = (await http.query(anyApi.notes.count, {})) as number;
    await writeFile(
      join(convexDir, "crons.ts"),
      `import { cronJobs, makeFunctionReference } from "convex/server";
const crons = cronJobs();
crons.interval("tick", { seconds: 1 }, makeFunctionReference<"mutation">("notes:add"), { text: "tick" });
export default crons;
`,
    );
    await eventually(
      async () => ((await http.query(anyApi.notes.count, {})) as number) >= before + 2,
      () => "two cron runs",
    );
  });

  test("a convex/ folder that fails to load at startup is reported, and the backend starts once it is fixed", async () => {
    const brokenData = tempDataDir("broken-start");
    const brokenDir = join(brokenData, "convex");
    await mkdir(brokenDir, { recursive: true });
    await writeFile(join(brokenDir, "notes.ts"), "export const broken = ;\n");
    let fixed = false;
    const started = await startBackendProcess({
      dataDir: brokenData,
      convexDir: brokenDir,
      watch: true,
      testing: false,
      onOutput: (output) => {
        if (fixed || !/notes\.ts failed to load/.test(output)) return;
        fixed = true;
        void writeFile(join(brokenDir, "notes.ts"), notes("fixed"));
      },
    });
    try {
      expect(fixed).toBe(true);
      expect(await new ConvexHttpClient(started.apiUrl).query(anyApi.notes.greet, {})).toBe("fixed");
    } finally {
      await started.stop();
      await removeDataDir(brokenData);
    }
  });
});
