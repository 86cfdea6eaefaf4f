import { mkdir, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { removeDataDir, startBackendProcess, tempDataDir, type BackendProcess } from "./testing/backend-process";
import { eventually } from "./testing/clients";

/*
 * Convex's two runtimes: what a push refuses is refused at load, and what
 * runs behaves as in its runtime.
 */

describe("fetch in actions", () => {
  let backend: BackendProcess;
  let server: Server;
  let serverUrl: string;
  const closedEarly: string[] = [];

  beforeAll(async () => {
    // Sends the head and a first chunk, then holds the body open: only a
    // client that gives up closes the connection before the body ends.
    server = createServer((req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.write("first chunk");
      res.on("close", () => {
        if (!res.writableEnded) closedEarly.push(req.url ?? "");
      });
      setTimeout(() => res.end("late end"), 60_000).unref();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    backend = await startBackendProcess({ dataDir: tempDataDir("runtime") });
  });

  afterAll(async () => {
    await backend?.stop();
    await removeDataDir(backend.dataDir);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  // Convex's default runtime honours the signal too (see offline/engine/runtimes.ts).
  test.each([
    ["the default runtime", "runtimeDefault"],
    ["a \"use node\" module", "runtimeNode"],
  ])("an aborted request ends at once in %s and the connection is closed", async (_label, module) => {
    const http = new ConvexHttpClient(backend.apiUrl);
    const path = `/${module}`;
    const outcome = await http.action(anyApi._fixtures[module].abortFetch, { url: `${serverUrl}${path}` });
    expect(outcome).toBe("AbortError");
    await eventually(() => closedEarly.includes(path), () => `the server to see ${path} closed`);
  });
});

describe("what a push refuses fails the load", () => {
  const dataDirs: string[] = [];

  afterAll(async () => {
    await Promise.all(dataDirs.map(removeDataDir));
  });

  /** Starts a backend on a throwaway convex/ folder; resolves with what it printed when it exited. */
  async function loadFailure(label: string, files: Record<string, string>): Promise<string> {
    const dataDir = tempDataDir(label);
    dataDirs.push(dataDir);
    const convexDir = join(dataDir, "convex");
    for (const [path, source] of Object.entries(files)) {
      await mkdir(dirname(join(convexDir, path)), { recursive: true });
      await writeFile(join(convexDir, path), source);
    }
    const started = startBackendProcess({ dataDir, convexDir, testing: false, quiet: false });
    const error = await started.then(
      async (backend) => {
        await backend.stop();
        throw new Error(`${label}: the backend started`);
      },
      (failure: Error) => failure,
    );
    return error.message;
  }

  const action = `import { actionGeneric } from "convex/server";
import { readHostname } from "./lib/disk";
export const hostname = actionGeneric({ args: {}, handler: async () => readHostname() });
`;

  test("a Node built-in reached from a default-runtime module, through a helper, is refused with Convex's hint", async () => {
    const output = await loadFailure("node-builtin", {
      // A "use node" helper is fine for "use node" modules ...
      "lib/disk.ts": `"use node";\nimport { readFileSync } from "node:fs";\nexport const readHostname = () => readFileSync("/etc/hostname", "utf8");\n`,
      "nodeFiles.ts": `"use node";\n${action}`,
      // ... but its directive does not make this module's bundle a Node one.
      "files.ts": action,
    });
    expect(output).toContain('Could not resolve "node:fs"');
    expect(output).toContain("lib/disk.ts:2");
    expect(output).toContain('It looks like you are using Node APIs from a file without the "use node" directive.');
  });

  test('a query in a "use node" module is refused', async () => {
    const output = await loadFailure("node-query", {
      "tools.ts": `"use node";
import { actionGeneric, queryGeneric } from "convex/server";
export const work = actionGeneric({ args: {}, handler: async () => null });
export const peek = queryGeneric({ args: {}, handler: async () => null });
`,
    });
    expect(output).toContain(
      "`peek` defined in `tools.js` is a Query function. Only actions can be defined in Node.js.",
    );
  });

  test("an auth config reading an unset environment variable fails the load and names it", async () => {
    const output = await loadFailure("auth-config-env", {
      "auth.config.ts": `export default {
  providers: [{ domain: process.env.HELM_NEVER_SET_ISSUER, applicationID: "convex" }],
};
`,
      "ping.ts": `import { queryGeneric } from "convex/server";\nexport const ping = queryGeneric({ args: {}, handler: async () => "pong" });\n`,
    });
    expect(output).toContain("Environment variable HELM_NEVER_SET_ISSUER is used in auth config file but its value was not set");
  });
});
