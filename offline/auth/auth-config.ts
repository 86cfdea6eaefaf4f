import { createContext, runInContext } from "node:vm";
import type { AuthConfig } from "convex/server";
import { asyncHooksShim, DEFAULT_RUNTIME_OPTIONS, esbuild, formatBuildErrors, isBuildFailure } from "../engine/esbuild";
import { PushRefusal } from "../engine/runtimes";

const SEE_AUTH_DOCS = "To learn more, see the auth documentation at https://docs.convex.dev/auth.";
const GLOBAL_NAME = "__helmAuthConfig";

/**
 * The deployment's environment as auth.config.ts sees it during a push: a
 * read of a variable that is not set throws at once (a catchable error),
 * and nothing can be listed. Mirrors the `process.env` proxy of Convex's
 * runtime (npm-packages/udf-runtime/src/setup.ts) answered by the auth-config
 * environment (crates/isolate/src/environment/auth_config.rs,
 * `get_environment_variable`), whose wording this keeps.
 */
function pushTimeEnv(env: NodeJS.ProcessEnv, makeError: (message: string) => Error, thrown: WeakSet<object>) {
  return new Proxy(
    {},
    {
      get(target, property, receiver) {
        if (typeof property !== "string") return Reflect.get(target, property, receiver);
        const value = env[property];
        if (value !== undefined) return value;
        const error = makeError(`Environment variable ${property} is used in auth config file but its value was not set`);
        thrown.add(error);
        throw error;
      },
    },
  );
}

/** auth.config.ts as one script, bundled the way a push bundles it (one module, default runtime). */
async function bundle(file: string): Promise<string> {
  try {
    const result = await esbuild.build({
      ...DEFAULT_RUNTIME_OPTIONS,
      entryPoints: [file],
      format: "iife",
      globalName: GLOBAL_NAME,
      plugins: [asyncHooksShim],
    });
    return result.outputFiles[0].text;
  } catch (error) {
    if (isBuildFailure(error)) throw new PushRefusal(formatBuildErrors(error.errors));
    throw error;
  }
}

const invalidProviders = (detail: string) =>
  new PushRefusal(`The pushed auth config is invalid: auth config file must include a list of provider credentials: ${detail}`);

/** The checks a push makes on the evaluated config (auth_config.rs `check_for_common_confusions`, common/src/auth.rs). */
function validate(config: unknown): AuthConfig {
  const providers = (config as { providers?: unknown })?.providers;
  if (!Array.isArray(providers)) throw invalidProviders("missing field `providers`");
  providers.forEach((provider: Record<string, unknown>, index) => {
    if (typeof provider !== "object" || provider === null) throw invalidProviders(`Provider at index ${index} is not an object`);
    const type = provider.type ?? "oidc";
    const text = (key: string) => typeof provider[key] === "string";
    if ("applicationId" in provider || "applicationid" in provider) {
      throw invalidProviders(
        `Provider at index ${index} must have applicationID property spelled lowercase 'application', capital I, capital D.`,
      );
    }
    if (type !== "customJwt" && type !== "oidc") throw invalidProviders(`Provider at index ${index} has unexpected 'type' value '${String(type)}'`);
    if (type === "customJwt") {
      if ("domain" in provider) throw invalidProviders(`Provider at index ${index} is a customJwt so cannot have a 'domain' specified`);
      if (!text("issuer") || !text("jwks")) throw invalidProviders(`Provider at index ${index} needs the strings \`issuer\` and \`jwks\``);
      if (provider.algorithm !== "RS256" && provider.algorithm !== "ES256") {
        throw invalidProviders(`Invalid signature algorithm (only RS256 and ES256 are supported): ${String(provider.algorithm)}`);
      }
    } else {
      if ("issuer" in provider) throw invalidProviders(`Provider at index ${index} is oidc so cannot have an 'issuer' specified.`);
      if (!text("domain") || !text("applicationID")) throw invalidProviders(`Provider at index ${index} needs the strings \`domain\` and \`applicationID\``);
    }
  });
  return config as AuthConfig;
}

/**
 * Evaluates convex/auth.config.ts the way a push does, against `env` (the
 * offline deployment's environment): reading a variable that is not set
 * fails the load naming it, exactly when a push would fail.
 */
export async function evaluateAuthConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<AuthConfig> {
  const code = await bundle(file);
  const context = createContext({ URL, URLSearchParams, TextEncoder, TextDecoder, atob, btoa });
  const RealmError = runInContext("Error", context) as ErrorConstructor;
  const thrown = new WeakSet<object>();
  context.process = { env: pushTimeEnv(env, (message) => new RealmError(message), thrown) };
  let exported: unknown;
  try {
    exported = (runInContext(`${code}\n${GLOBAL_NAME}`, context, { filename: file, timeout: 5000 }) as { default?: unknown })?.default;
  } catch (error) {
    if (typeof error === "object" && error !== null && thrown.has(error)) {
      // What the CLI prints for Convex's AuthConfigMissingEnvironmentVariable (convex/src/cli/lib/config.ts).
      throw new PushRefusal(
        `${(error as Error).message}.\nSet it in the environment the offline backend runs in, as on a deployment (npx convex env set).`,
      );
    }
    throw new PushRefusal(`The pushed auth config is invalid: Uncaught ${String(error)}`);
  }
  if (exported === undefined || exported === null) {
    throw new PushRefusal(`The pushed auth config is invalid: auth config file is missing default export. ${SEE_AUTH_DOCS}`);
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(exported);
  } catch {
    json = undefined;
  }
  if (json === undefined) throw new PushRefusal(`The pushed auth config is invalid: auth config file can only contain strings ${SEE_AUTH_DOCS}`);
  return validate(JSON.parse(json));
}
