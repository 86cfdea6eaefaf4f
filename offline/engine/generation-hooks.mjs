/**
 * Module resolution hook for hot reload. Every module imported (directly or
 * transitively) from a URL carrying `?helm-gen=N` gets the same query, so each
 * reload of convex/ evaluates a fresh copy of the project's own files while
 * node_modules stay shared (one `convex` package, one ConvexError class).
 */
const generationOf = (url) => {
  try {
    return new URL(url).searchParams.get("helm-gen");
  } catch {
    return null;
  }
};

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (!result.url.startsWith("file:") || result.url.includes("/node_modules/")) return result;
  const generation =
    generationOf(specifier) ?? (context.parentURL ? generationOf(context.parentURL) : null);
  if (!generation) return result;
  const url = new URL(result.url);
  url.searchParams.set("helm-gen", generation);
  return { ...result, url: url.href };
}
