import { AsyncLocalStorage } from "node:async_hooks";

/**
 * An HTTP action's request may carry an `Authorization` header that Convex
 * cannot verify (a token meant for another service, a bad header). Convex
 * still runs the action, and only `ctx.auth.getUserIdentity()` throws the
 * reason (convex-backend crates/local_backend/src/http_actions.rs keeps the
 * error as `Identity::Unknown(Some(..))`;
 * crates/isolate/src/environment/action/task_executor.rs, `user_identity`,
 * raises it). convex-test has no such identity, so the router handed to it
 * gives each handler that `auth` while such a request runs.
 */
const refusedAuth = new AsyncLocalStorage<string>();

export function runWithRefusedAuth<T>(reason: string | null, run: () => Promise<T>): Promise<T> {
  return reason === null ? run() : refusedAuth.run(reason, run);
}

type Handler = (ctx: { auth: object }, request: Request) => Promise<Response>;
type Router = { lookup: (path: string, method: string) => [unknown, ...unknown[]] | null };

export function isHttpRouter(value: unknown): value is Router {
  return typeof value === "object" && value !== null && typeof (value as Router).lookup === "function";
}

function withRefusedAuth(action: unknown): unknown {
  const handler = (
    typeof action === "object" && action !== null && "_handler" in action ? (action as { _handler: Handler })._handler : action
  ) as Handler;
  const wrapped: Handler = (ctx, request) => {
    const reason = refusedAuth.getStore();
    if (reason === undefined) return handler(ctx, request);
    const auth = Object.create(ctx.auth, { getUserIdentity: { value: () => Promise.reject(new Error(reason)) } });
    return handler({ ...ctx, auth }, request);
  };
  return Object.assign(Object.create(action as object), { _handler: wrapped });
}

/** The router of convex/http.ts, its handlers aware of a refused `Authorization` header. */
export function routerWithRefusedAuth<R extends Router>(router: R): R {
  return Object.assign(Object.create(router) as R, {
    lookup: (path: string, method: string) => {
      const found = router.lookup(path, method);
      return found && ([withRefusedAuth(found[0]), ...found.slice(1)] as ReturnType<Router["lookup"]>);
    },
  });
}
