import { describe, expect, test } from "vitest";
import { CatalogueError, costMicroUsd, defaultCatalogue, parseCatalogue } from "./catalogue";

const AZURE_ENV = { AZURE_OPENAI_ENDPOINT: "https://helm.openai.azure.com", AZURE_OPENAI_KEY: "k" };

/** The README's worked example: one GPT-4o-class deployment and one o-series deployment. */
const README_EXAMPLE = [
  {
    id: "gpt-4o",
    label: "GPT-4o",
    provider: "azure",
    deployment: "chat-prod",
    model: "gpt-4o-2024-08-06",
    tier: "standard",
    inputPerMillionUsd: 2.5,
    outputPerMillionUsd: 10,
    default: true,
  },
  {
    id: "o4-mini",
    label: "o4-mini (reasoning)",
    provider: "azure",
    deployment: "reasoning-prod",
    model: "o4-mini",
    tier: "premium",
    inputPerMillionUsd: 1.1,
    outputPerMillionUsd: 4.4,
  },
];

function parseError(entries: unknown, env: Record<string, string> = AZURE_ENV): string {
  try {
    parseCatalogue(JSON.stringify(entries), env);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogueError);
    return (error as Error).message;
  }
  throw new Error("expected the catalogue to be refused");
}

describe("HELM_MODELS", () => {
  test("the README example parses: families and limits come from the model table", () => {
    const { models, defaultId } = parseCatalogue(JSON.stringify(README_EXAMPLE), AZURE_ENV);
    expect(defaultId).toBe("gpt-4o");
    expect(models.map((m) => [m.id, m.family, m.tier, m.contextTokens, m.maxOutputTokens])).toEqual([
      ["gpt-4o", "chat", "standard", 128_000, 16_384],
      ["o4-mini", "reasoning", "premium", 200_000, 100_000],
    ]);
    expect(models[1].spec?.instructions).toBe("developer");
    expect(models[0].price).toEqual({ inputMicroUsdPerMillion: 2_500_000, outputMicroUsdPerMillion: 10_000_000 });
  });

  test("without a default, the first standard model is the default", () => {
    const [standard, premium] = README_EXAMPLE;
    const { defaultId } = parseCatalogue(JSON.stringify([premium, { ...standard, default: undefined }]), AZURE_ENV);
    expect(defaultId).toBe("gpt-4o");
  });

  test.each([
    ["a bad tier", [README_EXAMPLE[0], { ...README_EXAMPLE[1], tier: "gold" }], /^HELM_MODELS entry 2 \("o4-mini"\): tier /],
    ["a misspelt field", [{ ...README_EXAMPLE[0], lable: "x" }], /^HELM_MODELS entry 1 \("gpt-4o"\): unknown field "lable"/],
    ["a duplicate id", [README_EXAMPLE[0], { ...README_EXAMPLE[1], id: "gpt-4o" }], /entry 2 \("gpt-4o"\): the id "gpt-4o" is used by an earlier entry/],
    ["a bad id", [{ ...README_EXAMPLE[0], id: "GPT 4o" }], /entry 1 \("GPT 4o"\): id must be/],
    ["a free-text deployment without its model", [{ ...README_EXAMPLE[0], model: undefined }], /entry 1 \("gpt-4o"\): set "model" to the model the deployment "chat-prod" runs/],
    ["an unknown model without family", [{ ...README_EXAMPLE[0], model: "o9" }], /entry 1 \("gpt-4o"\): Helm does not know the model "o9"/],
    ["a Responses-only model", [{ ...README_EXAMPLE[0], model: "o3-pro" }], /entry 1 \("gpt-4o"\): The model "o3-pro" cannot be used/],
    ["one price without the other", [{ ...README_EXAMPLE[0], outputPerMillionUsd: undefined }], /entry 1 \("gpt-4o"\): give both/],
    ["sub-micro prices", [{ ...README_EXAMPLE[0], inputPerMillionUsd: 0.0000001 }], /entry 1 \("gpt-4o"\): prices may have at most 6 decimal places/],
    ["two defaults", [README_EXAMPLE[0], { ...README_EXAMPLE[1], default: true }], /entry 2 \("o4-mini"\): only one model may be the default/],
    ["no standard model", [README_EXAMPLE[1]], /at least one standard model/],
    ["an entry without an id", [{ label: "x", provider: "azure", deployment: "gpt-4o" }], /^HELM_MODELS entry 1: id /],
  ])("%s is refused, naming the entry", (_, entries, message) => {
    expect(parseError(entries)).toMatch(message);
  });

  test("an Azure model without Azure's endpoint and key is refused, naming what to set", () => {
    expect(parseError(README_EXAMPLE, {})).toMatch(
      /^HELM_MODELS entry 1 \("gpt-4o"\): provider "azure" needs AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_KEY to be set/,
    );
  });

  test("malformed JSON and an empty list are refused", () => {
    expect(() => parseCatalogue("[{", AZURE_ENV)).toThrow(/HELM_MODELS is not valid JSON/);
    expect(() => parseCatalogue("[]", AZURE_ENV)).toThrow(/at least one model/);
  });

  test("an unknown model is accepted with its family, limits and context", () => {
    const { models } = parseCatalogue(
      JSON.stringify([{ id: "o9", label: "o9", provider: "azure", deployment: "o9-dep", model: "o9", family: "reasoning", maxOutputTokens: 12_000, contextTokens: 64_000 }]),
      AZURE_ENV,
    );
    // A premium-only catalogue would be refused; this one is standard by default.
    expect(models[0]).toMatchObject({ family: "reasoning", maxOutputTokens: 12_000, contextTokens: 64_000, tier: "standard" });
  });
});

describe("the default catalogue follows what is configured", () => {
  test("offline: a fast standard model and a premium reasoning one", () => {
    const { models, defaultId } = defaultCatalogue({ kind: "offline", baseURL: "http://x/v1", model: "helm-offline" });
    expect(models.map((m) => [m.id, m.tier, m.family])).toEqual([
      ["offline-fast", "standard", "chat"],
      ["offline-reasoning", "premium", "reasoning"],
    ]);
    expect(defaultId).toBe("offline-fast");
  });

  test("Azure's single deployment: one standard model named after AZURE_OPENAI_MODEL", () => {
    const { models } = defaultCatalogue({
      kind: "azure",
      endpoint: "https://x.openai.azure.com",
      apiKey: "k",
      deployment: "helm-chat",
      model: "o4-mini",
      apiVersion: "2025-04-01-preview",
      overrides: {},
    });
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ id: "o4-mini", provider: "azure", deployment: "helm-chat", family: "reasoning", tier: "standard" });
  });

  test("nothing configured: no models", () => {
    expect(defaultCatalogue({ kind: "none" })).toEqual({ models: [], defaultId: null });
  });
});

describe("cost estimates", () => {
  test("1,234 input and 567 output tokens at $2.50 / $10 per million cost $0.008755", () => {
    // 1,234 × 2.5 = 3,085 µ$; 567 × 10 = 5,670 µ$; together 8,755 µ$.
    const price = { inputMicroUsdPerMillion: 2_500_000, outputMicroUsdPerMillion: 10_000_000 };
    expect(costMicroUsd(price, { input: 1_234, output: 567 })).toBe(8_755);
  });

  test("prices with cents that floats cannot hold exactly still sum to whole micro-dollars", () => {
    // $1.10 and $4.40 per million: 1.1 × 1e6 is 1100000.0000000002 in floating point.
    const { models } = parseCatalogue(JSON.stringify(README_EXAMPLE), AZURE_ENV);
    const price = models[1].price!;
    expect(price).toEqual({ inputMicroUsdPerMillion: 1_100_000, outputMicroUsdPerMillion: 4_400_000 });
    // 10,000 × 1.1 = 11,000 µ$; 3,000 × 4.4 = 13,200 µ$.
    expect(costMicroUsd(price, { input: 10_000, output: 3_000 })).toBe(24_200);
    // A thousand small replies add up exactly.
    const one = costMicroUsd(price, { input: 100, output: 50 }); // 110 + 220
    expect(one).toBe(330);
    expect(Array.from({ length: 1000 }, () => one).reduce((a, b) => a + b, 0)).toBe(330_000);
  });
});
