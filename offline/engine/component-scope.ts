import { AsyncLocalStorage } from "node:async_hooks";
import { tableOfId } from "./internals";

/** The app's own component path, as convex-test and Convex name it. */
export const ROOT_COMPONENT = "";

/**
 * The component whose function is running. Every function handler runs in
 * its component's scope, so a syscall (which does not say which component's
 * database it reads) can be attributed to the right tables.
 */
export const componentScope = new AsyncLocalStorage<string>();

export function currentComponent(): string {
  return componentScope.getStore() ?? ROOT_COMPONENT;
}

/**
 * A table (or document id) named so that a component's table never collides
 * with the app's or another component's table of the same name: the app's
 * keep their plain name, a component's are prefixed with its path
 * ("rateLimiter/rateLimits"). Table names cannot contain "/".
 */
export function qualify(component: string, tableOrId: string): string {
  return component === ROOT_COMPONENT ? tableOrId : `${component}/${tableOrId}`;
}

/** The qualified table of a qualified document id. */
export function qualifiedTableOfId(qualifiedId: string): string {
  const slash = qualifiedId.lastIndexOf("/");
  return qualifiedId.slice(0, slash + 1) + tableOfId(qualifiedId.slice(slash + 1));
}
