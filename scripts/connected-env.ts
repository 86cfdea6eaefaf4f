/**
 * What connected mode (`npm run dev:cloud`) needs, checked before anything
 * starts: the variables this machine reads (environment or .env.local), then
 * the ones set on the Convex deployment (`npx convex env list --names-only`).
 * Each finding says what to set and how. Errors stop the start; warnings
 * name what will not work yet.
 */

import { CatalogueError, parseCatalogue } from "../convex/model/ai/catalogue";

export type Finding = { level: "error" | "warning"; message: string };

const error = (message: string): Finding => ({ level: "error", message });
const warning = (message: string): Finding => ({ level: "warning", message });

/** `setting(name)`: the value in the environment or .env.local, "" when unset. */
export function checkLocal(setting: (name: string) => string): Finding[] {
  const findings: Finding[] = [];
  const deployment = setting("CONVEX_DEPLOYMENT");
  const selfHostedUrl = setting("CONVEX_SELF_HOSTED_URL");
  const selfHostedKey = setting("CONVEX_SELF_HOSTED_ADMIN_KEY");
  if (!deployment && !selfHostedUrl && !selfHostedKey) {
    findings.push(
      error(
        "No Convex deployment is configured. Run `npx convex dev --configure` once (it writes CONVEX_DEPLOYMENT to " +
          ".env.local), or, for a self-hosted Convex backend, set CONVEX_SELF_HOSTED_URL and CONVEX_SELF_HOSTED_ADMIN_KEY " +
          "in .env.local. To try Helm without any account, use `npm run dev` (offline mode).",
      ),
    );
  } else if (selfHostedUrl || selfHostedKey) {
    if (!selfHostedUrl || !selfHostedKey) {
      findings.push(
        error(
          `A self-hosted Convex backend needs both CONVEX_SELF_HOSTED_URL and CONVEX_SELF_HOSTED_ADMIN_KEY; ` +
            `${selfHostedUrl ? "CONVEX_SELF_HOSTED_ADMIN_KEY" : "CONVEX_SELF_HOSTED_URL"} is not set ` +
            "(the admin key comes from the backend's generate_admin_key.sh).",
        ),
      );
    }
    if (deployment) {
      findings.push(
        error(
          "CONVEX_DEPLOYMENT and CONVEX_SELF_HOSTED_URL/CONVEX_SELF_HOSTED_ADMIN_KEY are both set; the Convex CLI " +
            "refuses that. Keep one: remove CONVEX_DEPLOYMENT from .env.local to use the self-hosted backend.",
        ),
      );
    }
  }
  const publishableKey = setting("VITE_CLERK_PUBLISHABLE_KEY");
  if (!publishableKey) {
    findings.push(
      error(
        "Connected mode signs users in with Clerk: put VITE_CLERK_PUBLISHABLE_KEY=pk_... in .env.local " +
          "(Clerk dashboard → API keys).",
      ),
    );
  } else if (!/^pk_(test|live)_/.test(publishableKey)) {
    findings.push(error("VITE_CLERK_PUBLISHABLE_KEY must be Clerk's publishable key (pk_test_... or pk_live_...), not a secret key."));
  }
  return findings;
}

const set = (name: string) => `npx convex env set ${name}`;

/**
 * `names`: the variables set on the deployment; `catalogue`: the value of
 * HELM_MODELS when it is set (then it, not the single-model variables,
 * says which models there are).
 */
export function checkDeployment(names: ReadonlySet<string>, catalogue?: string): Finding[] {
  const findings: Finding[] = [];
  if (!names.has("CLERK_JWT_ISSUER_DOMAIN")) {
    findings.push(
      error(
        "CLERK_JWT_ISSUER_DOMAIN is not set on the Convex deployment, so it accepts no Clerk sign-in. Set it to your " +
          `Clerk Frontend API URL (the \`convex\` JWT template's issuer): \`${set("CLERK_JWT_ISSUER_DOMAIN")} https://<your-instance>.clerk.accounts.dev\`.`,
      ),
    );
  }
  if (catalogue !== undefined) findings.push(...checkCatalogue(names, catalogue));
  else findings.push(...checkSingleModel(names));
  if (!names.has("AUTUMN_SECRET_KEY")) {
    findings.push(
      warning(
        "AUTUMN_SECRET_KEY is not set: billing is in test mode, and its test checkout is served only by the offline " +
          "backend, so purchases cannot complete here. See README.md, Billing → Production setup.",
      ),
    );
  }
  return findings;
}

/** Names printed by `convex env list --names-only`, one a line. */
export function parseEnvNames(output: string): Set<string> {
  return new Set(
    output
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(line)),
  );
}

/** HELM_MODELS checked as the deployment will check it (each problem names its entry), against the variables set there. */
function checkCatalogue(names: ReadonlySet<string>, raw: string): Finding[] {
  // Only presence matters to the check (a provider's variables are set or not); values stay on the deployment.
  const present = Object.fromEntries([...names].map((name) => [name, "set"]));
  try {
    parseCatalogue(raw, present);
    return [];
  } catch (problem) {
    if (!(problem instanceof CatalogueError)) throw problem;
    return [
      error(
        `${problem.message} Every send would fail with "The AI models are not set up correctly". ` +
          `Fix it with \`${set("HELM_MODELS")} '[…]'\` (README.md, Model catalogue).`,
      ),
    ];
  }
}

/** Without HELM_MODELS: the one model the Azure (or OpenAI-compatible) variables describe. */
function checkSingleModel(names: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const azure = ["AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_KEY", "AZURE_OPENAI_DEPLOYMENT"];
  const azureSet = azure.filter((name) => names.has(name));
  if (azureSet.length > 0 && azureSet.length < azure.length) {
    const missing = azure.filter((name) => !names.has(name));
    findings.push(warning(`Azure OpenAI is half configured: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set (\`${set(missing[0])} ...\`).`));
  } else if (azureSet.length === 0 && !names.has("OPENAI_BASE_URL")) {
    findings.push(
      warning(
        "No AI model is configured on the deployment: every chat reply will fail (and be refunded). Set " +
          `AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_KEY, AZURE_OPENAI_DEPLOYMENT and AZURE_OPENAI_MODEL (\`${set("AZURE_OPENAI_MODEL")} o4-mini\`).`,
      ),
    );
  }
  if (azureSet.length === azure.length && !names.has("AZURE_OPENAI_MODEL")) {
    findings.push(
      warning(
        "AZURE_OPENAI_MODEL is not set: replies work only if the deployment is named after its model (e.g. o4-mini). " +
          `Set the model it runs: \`${set("AZURE_OPENAI_MODEL")} o4-mini\`.`,
      ),
    );
  }
  return findings;
}
