import type { ComponentGeneration } from "./components";
import { ROOT_COMPONENT } from "./component-scope";
import type { ConvexTestInternals, DatabaseFake, ModuleLoader } from "./internals";
import { limitModuleLoader } from "./limits";

type Schema = { schemaValidation: boolean; tables: Record<string, { export(): unknown }> } | null;
export type RegisterComponent = (path: string, schema: unknown, modules: Record<string, () => Promise<unknown>>) => void;

/** Gives `db` the tables of `schema`, as convex-test's database does in its constructor. */
export function applySchema(db: DatabaseFake, schema: unknown) {
  const definition = schema as Schema;
  db._schema = definition && {
    schemaValidation: definition.schemaValidation,
    tables: new Map(Object.entries(definition.tables).map(([name, table]) => [name, table.export()])),
  };
}

// One key containing "_generated" tells convex-test where modules live; the
// real loader is swapped in right after registration.
const PLACEHOLDER_MODULES = { "./_generated/api.js": async () => ({}) };

function unmounted(path: string): ModuleLoader {
  return async () => {
    throw new Error(`Component "${path}" is no longer mounted in convex/convex.config.ts.`);
  };
}

/**
 * Serves the components of a generation: registers the ones seen for the
 * first time (a database of their own, convex-test's `registerComponent`),
 * swaps code and schema of the others while keeping their data, and stops
 * serving components no longer mounted (their data stays, as Convex keeps an
 * unmounted component's tables). Returns the databases registered now.
 */
export function mountComponents(
  internals: ConvexTestInternals,
  registerComponent: RegisterComponent,
  components: ComponentGeneration[],
): DatabaseFake[] {
  const added: DatabaseFake[] = [];
  for (const component of components) {
    if (!internals.components[component.path]) {
      registerComponent(component.path, component.schema, PLACEHOLDER_MODULES);
      added.push(internals.components[component.path].db);
    }
    const registered = internals.components[component.path];
    registered.modules = limitModuleLoader(component.loader);
    applySchema(registered.db, component.schema);
  }
  const mounted = new Set(components.map((component) => component.path));
  for (const [path, registered] of Object.entries(internals.components)) {
    if (path !== ROOT_COMPONENT && !mounted.has(path)) registered.modules = unmounted(path);
  }
  return added;
}
