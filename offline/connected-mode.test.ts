import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { checkDeployment, checkLocal, parseEnvNames } from "../scripts/connected-env";
import { evaluateAuthConfig } from "./auth/auth-config";

const AUTH_CONFIG = fileURLToPath(new URL("../convex/auth.config.ts", import.meta.url));

/*
 * Connected mode's first steps: a push of Helm's own auth.config.ts (as the
 * offline engine evaluates it, with push-time environment semantics), and
 * the checks `npm run dev:cloud` makes before starting.
 */
describe("convex/auth.config.ts, evaluated as a push evaluates it", () => {
  test("without CLERK_JWT_ISSUER_DOMAIN the push succeeds with no providers (a first `npx convex dev`)", async () => {
    const config = await evaluateAuthConfig(AUTH_CONFIG, {});
    expect(config.providers).toEqual([]);
  });

  test("with it set, Clerk is the provider, application id `convex`", async () => {
    const config = await evaluateAuthConfig(AUTH_CONFIG, { CLERK_JWT_ISSUER_DOMAIN: "https://helm-test.clerk.accounts.dev" });
    expect(config.providers).toEqual([{ domain: "https://helm-test.clerk.accounts.dev", applicationID: "convex" }]);
  });
});

describe("npm run dev:cloud checks the environment first", () => {
  const settings = (values: Record<string, string>) => (name: string) => values[name] ?? "";
  const errors = (findings: ReturnType<typeof checkLocal>) =>
    findings.filter((f) => f.level === "error").map((f) => f.message).join("\n");

  test("nothing set: says how to get a deployment and a Clerk key", () => {
    const message = errors(checkLocal(settings({})));
    expect(message).toContain("npx convex dev --configure");
    expect(message).toContain("CONVEX_SELF_HOSTED_URL and CONVEX_SELF_HOSTED_ADMIN_KEY");
    expect(message).toContain("VITE_CLERK_PUBLISHABLE_KEY=pk_");
  });

  test("self-hosted needs both its variables, and not CONVEX_DEPLOYMENT beside them", () => {
    const half = errors(checkLocal(settings({ CONVEX_SELF_HOSTED_URL: "http://127.0.0.1:3210", VITE_CLERK_PUBLISHABLE_KEY: "pk_test_x" })));
    expect(half).toContain("CONVEX_SELF_HOSTED_ADMIN_KEY is not set");
    const both = errors(
      checkLocal(
        settings({
          CONVEX_DEPLOYMENT: "dev:helm-123",
          CONVEX_SELF_HOSTED_URL: "http://127.0.0.1:3210",
          CONVEX_SELF_HOSTED_ADMIN_KEY: "key",
          VITE_CLERK_PUBLISHABLE_KEY: "pk_test_x",
        }),
      ),
    );
    expect(both).toContain("Keep one");
  });

  test("a complete local setup passes; a secret key in place of the publishable key does not", () => {
    expect(checkLocal(settings({ CONVEX_DEPLOYMENT: "dev:helm-123", VITE_CLERK_PUBLISHABLE_KEY: "pk_live_abc" }))).toEqual([]);
    expect(errors(checkLocal(settings({ CONVEX_DEPLOYMENT: "dev:helm-123", VITE_CLERK_PUBLISHABLE_KEY: "sk_live_abc" })))).toContain(
      "not a secret key",
    );
  });

  test("the deployment: CLERK_JWT_ISSUER_DOMAIN is required, the model and billing are warned about", () => {
    const none = checkDeployment(parseEnvNames(""));
    expect(none.find((f) => f.level === "error")?.message).toContain("npx convex env set CLERK_JWT_ISSUER_DOMAIN");
    expect(none.filter((f) => f.level === "warning").map((f) => f.message).join("\n")).toMatch(/No AI model[\s\S]*AUTUMN_SECRET_KEY/);

    const names = parseEnvNames(
      ["CLERK_JWT_ISSUER_DOMAIN", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_KEY", "AZURE_OPENAI_DEPLOYMENT", "AUTUMN_SECRET_KEY", ""].join("\n"),
    );
    expect(checkDeployment(names).map((f) => f.message)).toEqual([expect.stringContaining("AZURE_OPENAI_MODEL is not set")]);
    expect(checkDeployment(new Set([...names, "AZURE_OPENAI_MODEL"]))).toEqual([]);
  });

  test("with HELM_MODELS the catalogue is checked as the deployment checks it, naming the bad entry", () => {
    const names = parseEnvNames(["CLERK_JWT_ISSUER_DOMAIN", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_KEY", "AUTUMN_SECRET_KEY", "HELM_MODELS"].join("\n"));
    const good = JSON.stringify([
      { id: "gpt-4o", label: "GPT-4o", provider: "azure", deployment: "chat-prod", model: "gpt-4o-2024-08-06", default: true },
      { id: "o4-mini", label: "o4-mini", provider: "azure", deployment: "reasoning-prod", model: "o4-mini", tier: "premium" },
    ]);
    // No single-model warnings: the catalogue, not AZURE_OPENAI_DEPLOYMENT, names the deployments.
    expect(checkDeployment(names, good)).toEqual([]);

    const badTier = good.replace('"premium"', '"gold"');
    const [problem] = checkDeployment(names, badTier);
    expect(problem.level).toBe("error");
    expect(problem.message).toContain('HELM_MODELS entry 2 ("o4-mini")');

    // An OpenAI-compatible entry needs its variables on the deployment.
    const openai = JSON.stringify([{ id: "local", label: "Local", provider: "openai", deployment: "llama", family: "chat", maxOutputTokens: 1000, contextTokens: 8000 }]);
    expect(checkDeployment(names, openai).map((f) => f.message).join("\n")).toMatch(/HELM_MODELS entry 1 \("local"\).*OPENAI_BASE_URL/);
  });
});
