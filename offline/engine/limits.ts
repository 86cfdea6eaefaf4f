import { backendError } from "./errors";
import { captureInternalsNow, type ConvexTestInternals, type ModuleLoader } from "./internals";
import { enforceSearchIndexes } from "./search-index";
import { enforceTransactionLimits } from "./transaction-limits";
import { argumentsViolation, returnValueViolation } from "./value-limits";

/*
 * Convex's limits, as one implementation for the offline engine and for
 * convex-test in the project's tests (convex/test.setup.ts):
 * - transaction limits (documents and bytes read and written, index ranges,
 *   scheduling), metered by convex-test with `transactionLimits: true` and
 *   completed in transaction-limits.ts;
 * - value limits on documents (transaction-limits.ts) and on every function's
 *   arguments and return value (here, around each function's handler).
 */

type Handler = (ctx: unknown, args: unknown) => unknown;
type RegisteredFunction = Record<string, unknown> & { _handler: Handler };

function isRegisteredFunction(value: unknown): value is RegisteredFunction {
  if ((typeof value !== "function" && typeof value !== "object") || value === null) return false;
  const fn = value as Partial<RegisteredFunction>;
  return typeof fn._handler === "function" && Boolean(fn.isQuery || fn.isMutation || fn.isAction);
}

/** A copy of `fn` whose arguments and return value are held to Convex's limits (convex-test reads only these properties). */
function limitFunction(fn: RegisteredFunction, udfPath: string): RegisteredFunction {
  const handler = fn._handler;
  return {
    ...fn,
    _handler: async (ctx: unknown, args: unknown) => {
      const refusedArgs = argumentsViolation(udfPath, args);
      if (refusedArgs) throw backendError(refusedArgs);
      const value = await handler(ctx, args);
      const refusedValue = returnValueViolation(udfPath, value);
      if (refusedValue) throw backendError(refusedValue);
      return value;
    },
  };
}

/** `module` with every Convex function in it limited; `modulePath` as in "chat/messages". */
function limitModule(module: Record<string, unknown>, modulePath: string): Record<string, unknown> {
  // Convex names a function by its module file: "chat/messages.js:list".
  const file = `${modulePath.replace(/\.[jt]sx?$/, "")}.js`;
  const limited: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(module)) {
    limited[name] = isRegisteredFunction(value) ? limitFunction(value, `${file}:${name}`) : value;
  }
  return limited;
}

/** The offline engine's module loader, with Convex's limits on every function it serves. */
export function limitModuleLoader(loader: ModuleLoader): ModuleLoader {
  const limited = new WeakMap<Record<string, unknown>, Record<string, unknown>>();
  return async (path) => {
    const module = await loader(path);
    let result = limited.get(module);
    if (!result) limited.set(module, (result = limitModule(module, path)));
    return result;
  };
}

/** An `import.meta.glob` of convex/ for convex-test, with Convex's limits on every function. */
export function limitModuleGlob<T extends Record<string, () => Promise<unknown>>>(glob: T): T {
  const limited: Record<string, () => Promise<unknown>> = {};
  for (const [key, load] of Object.entries(glob)) {
    const modulePath = key.replace(/^\.\//, "");
    limited[key] = async () => limitModule((await load()) as Record<string, unknown>, modulePath);
  }
  return limited as T;
}

/** Holds a convex-test instance's syscalls to Convex's limits (the engine, which already has its internals). */
export function enforceConvexLimits(internals: ConvexTestInternals) {
  // First: the limit checks wrap query resolution and must see search's ranked documents.
  enforceSearchIndexes(internals.components[""].db);
  enforceTransactionLimits(internals);
}

/**
 * `t` (created with `transactionLimits: true` and a limited module glob)
 * with the rest of Convex's limits enforced; for convex/test.setup.ts.
 */
export function withConvexLimits<T extends { run: (fn: () => Promise<null>) => Promise<unknown> }>(t: T): T {
  const { internals, settled } = captureInternalsNow(t);
  enforceConvexLimits(internals);
  // The capturing call is an empty mutation; the test's own calls queue behind it.
  settled.catch(() => {});
  return t;
}
