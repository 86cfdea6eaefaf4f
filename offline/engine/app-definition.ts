import { ModuleLoadError, importOptional } from "./modules";
import { log } from "../log";

/** One component instance in the app's component tree. */
export type MountedComponent = {
  /** Its component path, as Convex names it: "rateLimiter", "rateLimiter/batchWorker". */
  path: string;
  /** The name it is mounted under in its parent (`app.use(x, { name })`). */
  name: string;
  /** Its definition's directory: convex.config, schema and function modules. */
  directory: string;
};

/** A mounted definition as component-definition-hooks.mjs wraps it. */
type WrappedDefinition = {
  componentDefinitionPath: string;
  definition: Definition;
};

/** What defineApp() and defineComponent() keep (convex/server/components). */
type Definition = {
  _isRoot: boolean;
  _childComponents: Array<[string, WrappedDefinition, Record<string, unknown> | null, string | undefined]>;
};

/**
 * Why `name` is not a valid component name, or null. Component names are
 * Convex identifiers; wording as in convex-backend
 * crates/convex/sync_types/src/identifier.rs.
 */
function identifierProblem(name: string): string | null {
  if (name.length === 0) return "Identifier cannot be empty";
  if (!/^[A-Za-z_]/.test(name)) {
    return `Invalid first character "${name[0]}" in ${name}: Identifiers must start with an alphabetic character or underscore`;
  }
  const bad = /[^A-Za-z0-9_]/.exec(name);
  if (bad) {
    return `Identifier ${name} has invalid character "${bad[0]}": Identifiers can only contain alphanumeric characters or underscores`;
  }
  if (name.length > 64) return `Identifier is too long (${name.length} > maximum 64)`;
  if (/^_+$/.test(name)) return `Identifier ${name} cannot have exclusively underscores`;
  return null;
}

function walk(definition: Definition, parentPath: string, found: MountedComponent[]) {
  const seen = new Set<string>();
  for (const [name, child, env, httpPrefix] of definition._childComponents) {
    const path = parentPath ? `${parentPath}/${name}` : name;
    const problem = identifierProblem(name);
    if (problem) throw new Error(`Invalid component name for "${path}": ${problem}`);
    if (seen.has(name)) throw new Error(`Component "${path}" is mounted twice; give one of them another \`name\`.`);
    seen.add(name);
    if (typeof child?.componentDefinitionPath !== "string" || !child.definition) {
      throw new Error(`Component "${path}" is not a definition imported from a component's convex.config.`);
    }
    if (httpPrefix !== undefined) log.warn(`Component "${path}": HTTP routes of components are not served offline.`);
    if (env && Object.keys(env).length > 0) {
      log.warn(`Component "${path}": component environment variables are not passed offline (it sees process.env).`);
    }
    found.push({ path, name, directory: child.componentDefinitionPath });
    walk(child.definition, path, found);
  }
}

/**
 * Evaluates convex/convex.config.ts (fresh for `generation`) the way a push
 * does and lists every component it mounts, directly or nested, parents
 * before children. Null when the app has no convex.config.
 */
export async function loadAppComponents(convexDir: string, generation: number): Promise<MountedComponent[] | null> {
  const app = await importOptional<Definition>(convexDir, "convex.config", generation);
  if (app === null) return null;
  if (app?._isRoot !== true || !Array.isArray(app._childComponents)) {
    throw new ModuleLoadError("convex/convex.config.ts", new Error("The default export must be `defineApp()`."));
  }
  const found: MountedComponent[] = [];
  try {
    walk(app, "", found);
  } catch (error) {
    throw new ModuleLoadError("convex/convex.config.ts", error);
  }
  return found;
}
