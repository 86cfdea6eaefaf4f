import type { ConvexClient } from "convex/browser";
import { afterAll, beforeAll } from "vitest";
import { removeDataDir, startBackendProcess, tempDataDir, type BackendProcess } from "./backend-process";

type Options = Omit<Parameters<typeof startBackendProcess>[0], "dataDir">;

/**
 * One offline backend for a test file: started before its tests on a fresh
 * data folder, and after them stopped, with every client the tests
 * registered in `clients` closed and the folder removed.
 */
export function backendForSuite(label: string, options: Options = {}) {
  const suite = {
    backend: undefined as unknown as BackendProcess,
    clients: [] as ConvexClient[],
  };
  beforeAll(async () => {
    suite.backend = await startBackendProcess({ dataDir: tempDataDir(label), ...options });
  });
  afterAll(async () => {
    await Promise.all(suite.clients.map((client) => client.close()));
    if (!suite.backend) return;
    await suite.backend.stop();
    await removeDataDir(suite.backend.dataDir);
  });
  return suite;
}
