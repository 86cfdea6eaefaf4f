import type { SchemaDefinition } from "convex/server";
import { loadAppComponents, type MountedComponent } from "./app-definition";
import type { ModuleLoader } from "./internals";
import { importModules, importOptional, listModules } from "./modules";
import { log } from "../log";

/** One mounted component's code in one generation. */
export type ComponentGeneration = MountedComponent & {
  schema: SchemaDefinition<never, boolean> | null;
  loader: ModuleLoader;
  modulePaths: string[];
};

function loaderFor(path: string, modules: Map<string, Record<string, unknown>>): ModuleLoader {
  return async (modulePath) => {
    const module = modules.get(modulePath);
    if (!module) throw new Error(`Could not find module for: "${modulePath}" in component "${path}"`);
    return module;
  };
}

/**
 * Loads every component mounted by convex/convex.config.ts: its function
 * modules (by the same rules as the app's, which are Convex's bundler's: so
 * no convex.config, schema or _generated) and its schema.
 */
export async function loadComponents(convexDir: string, generation: number): Promise<ComponentGeneration[]> {
  const mounted = (await loadAppComponents(convexDir, generation)) ?? [];
  const loaded: ComponentGeneration[] = [];
  for (const component of mounted) {
    const modules = await importModules(await listModules(component.directory), generation, component.path);
    const schema = await importOptional<SchemaDefinition<never, boolean>>(component.directory, "schema", generation);
    const crons = modules.get("crons")?.default as { crons?: Record<string, unknown> } | undefined;
    if (Object.keys(crons?.crons ?? {}).length > 0) log.warn(`Component "${component.path}": its cron jobs do not run offline.`);
    loaded.push({ ...component, schema, loader: loaderFor(component.path, modules), modulePaths: [...modules.keys()].sort() });
  }
  return loaded;
}
