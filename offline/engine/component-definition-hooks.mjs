/**
 * Module hooks that let a `convex.config.ts` run in Node the way it runs at
 * push time on Convex. There, an import of a component's `convex.config` from
 * another definition is not the component's own module: the bundler turns it
 * into a reference that the backend fills in with the already evaluated
 * definition, carrying `componentDefinitionPath` and `defaultName`, which
 * `app.use()` requires (convex/server refuses a bare `defineComponent()`
 * object). Here such an import resolves to a small generated module that
 * wraps the real definition with those fields, plus what the offline engine
 * and codegen need: the real definition (to walk nested components) and the
 * import specifier (for `components` in convex/_generated/api.d.ts).
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const MARKER = "helm-component-definition";
const DEFINITION_FILE = /(^|\/)convex\.config\.[cm]?[jt]s$/;

function isDefinition(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "file:" && DEFINITION_FILE.test(parsed.pathname);
  } catch {
    return false;
  }
}

function isWrapper(url) {
  try {
    return new URL(url).searchParams.has(MARKER);
  } catch {
    return false;
  }
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const parent = context.parentURL;
  if (!parent || !isDefinition(parent) || isWrapper(parent) || !isDefinition(result.url)) return result;
  const url = new URL(result.url);
  url.searchParams.set(MARKER, specifier);
  return { ...result, url: url.href, format: "module" };
}

export async function load(url, context, next) {
  if (!isWrapper(url)) return next(url, context);
  const wrapper = new URL(url);
  const specifier = wrapper.searchParams.get(MARKER);
  wrapper.searchParams.delete(MARKER);
  const directory = dirname(fileURLToPath(wrapper));
  const source = [
    `import definition from ${JSON.stringify(wrapper.href)};`,
    `if (!definition || definition._isRoot !== false) {`,
    `  throw new Error(${JSON.stringify(`${specifier} does not export a component definition (defineComponent).`)});`,
    `}`,
    `export default {`,
    `  componentDefinitionPath: ${JSON.stringify(directory)},`,
    `  defaultName: definition._name,`,
    `  definition,`,
    `  export: () => definition.export(),`,
    `};`,
  ].join("\n");
  return { format: "module", source, shortCircuit: true };
}
