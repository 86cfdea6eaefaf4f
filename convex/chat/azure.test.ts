import { describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { setupTest, signIn } from "../test.setup";
import { FakeModel } from "./fakeModel.testing";
import { balanceOf, drain, installFakeModel, ledgerOf, page, turn } from "./helpers.testing";

/*
 * A reply against Azure OpenAI, from configuration to the stored message:
 * the model (and so the request's shape) comes from AZURE_OPENAI_MODEL, not
 * from the deployment's free-text name, and a configuration the SDK or the
 * model table refuses ends the reply at once, refunded.
 */

let model: FakeModel;
installFakeModel((m) => (model = m));

function useAzure(vars: Record<string, string>) {
  vi.stubEnv("AZURE_OPENAI_ENDPOINT", "https://helm-test.openai.azure.com");
  vi.stubEnv("AZURE_OPENAI_KEY", "test-key");
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
}

async function setup() {
  const t = setupTest();
  const alice = await signIn(t, "Alice");
  const latest = async (sessionId: Id<"chatSessions">) =>
    (await alice.query(api.chat.messages.list, { sessionId, paginationOpts: page })).page[0];
  return { t, alice, latest };
}

describe("the request's shape comes from the configured model", () => {
  test("a deployment named `helm-chat` running o4-mini gets a reasoning request", async () => {
    const { t, alice, latest } = await setup();
    useAzure({ AZURE_OPENAI_DEPLOYMENT: "helm-chat", AZURE_OPENAI_MODEL: "o4-mini" });
    const { sessionId } = await alice.mutation(api.chat.messages.send, turn("Hi", "o4"));
    await drain(t);
    const [{ url, body }] = model.requests;
    expect(url).toBe(
      "https://helm-test.openai.azure.com/openai/deployments/helm-chat/chat/completions?api-version=2025-04-01-preview",
    );
    expect(body.messages.map((m) => m.role)).toEqual(["developer", "user"]);
    expect(body.temperature).toBeUndefined();
    expect(body.max_tokens).toBeUndefined();
    expect(body.max_completion_tokens).toBe(8192 + 8192);
    expect(await latest(sessionId)).toMatchObject({ status: "complete", provider: "azure", model: "o4-mini" });
  });

  test("the same deployment running gpt-4o-2024-05-13 gets a chat request within its 4,096-token limit", async () => {
    const { t, alice } = await setup();
    useAzure({ AZURE_OPENAI_DEPLOYMENT: "helm-chat", AZURE_OPENAI_MODEL: "gpt-4o-2024-05-13" });
    await alice.mutation(api.chat.messages.send, turn("Hi", "4o"));
    await drain(t);
    const [{ body }] = model.requests;
    expect(body.messages[0].role).toBe("system");
    expect(body.temperature).toBe(0.7);
    expect(body.max_completion_tokens).toBe(4096);
  });

  test("a model Helm does not know is used once HELM_MODEL_FAMILY and its limit are given", async () => {
    const { t, alice, latest } = await setup();
    useAzure({
      AZURE_OPENAI_DEPLOYMENT: "helm-chat",
      AZURE_OPENAI_MODEL: "o9-preview",
      HELM_MODEL_FAMILY: "reasoning",
      HELM_MODEL_MAX_OUTPUT_TOKENS: "12000",
    });
    const { sessionId } = await alice.mutation(api.chat.messages.send, turn("Hi", "o9"));
    await drain(t);
    const [{ body }] = model.requests;
    expect(body.messages[0].role).toBe("developer");
    expect(body.max_completion_tokens).toBe(12000);
    expect(await latest(sessionId)).toMatchObject({ status: "complete", model: "o9-preview" });
  });

  test("reasoning tokens the provider reports are stored with the reply", async () => {
    const { t, alice, latest } = await setup();
    useAzure({ AZURE_OPENAI_DEPLOYMENT: "helm-chat", AZURE_OPENAI_MODEL: "o4-mini" });
    model.queue({
      kind: "stream",
      pieces: ["Fine."],
      usage: { prompt_tokens: 30, completion_tokens: 200, completion_tokens_details: { reasoning_tokens: 198 } },
    });
    const { sessionId } = await alice.mutation(api.chat.messages.send, turn("Hi", "usage"));
    await drain(t);
    expect((await latest(sessionId)).tokens).toEqual({ input: 30, output: 200, reasoning: 198 });
  });

  test("OPENAI_BASE_URL set beside Azure changes nothing: the reply comes from the Azure deployment", async () => {
    const { t, alice, latest } = await setup();
    vi.stubEnv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
    useAzure({ AZURE_OPENAI_DEPLOYMENT: "helm-chat", AZURE_OPENAI_MODEL: "gpt-4.1" });
    const { sessionId } = await alice.mutation(api.chat.messages.send, turn("Hi", "both"));
    await drain(t);
    expect(model.requests.map((r) => new URL(r.url).host)).toEqual(["helm-test.openai.azure.com"]);
    expect(await latest(sessionId)).toMatchObject({ status: "complete", provider: "azure", content: "Hello there!" });
  });
});

describe("a configuration that cannot work ends the reply at once, refunded", () => {
  test.each([
    ["a free-text deployment name and no AZURE_OPENAI_MODEL", { AZURE_OPENAI_DEPLOYMENT: "helm-chat" }],
    ["an endpoint that is not a URL", { AZURE_OPENAI_DEPLOYMENT: "o4-mini", AZURE_OPENAI_ENDPOINT: "helm-test.openai" }],
    ["a Responses-only model", { AZURE_OPENAI_DEPLOYMENT: "helm-chat", AZURE_OPENAI_MODEL: "o3-pro" }],
    ["an unreadable override", { AZURE_OPENAI_DEPLOYMENT: "o4-mini", HELM_MODEL_MAX_OUTPUT_TOKENS: "lots" }],
  ])("%s", async (_, vars) => {
    const { t, alice, latest } = await setup();
    useAzure(vars);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { sessionId, assistantMessageId } = await alice.mutation(api.chat.messages.send, turn("Hi", "bad"));
    await drain(t);
    expect(model.requests).toHaveLength(0);
    expect(await latest(sessionId)).toMatchObject({
      status: "error",
      error: "The AI model is not set up correctly on this server.",
      creditsUsed: 0,
    });
    expect(await balanceOf(t, alice.userId)).toBe(100);
    const refunds = (await ledgerOf(t, alice.userId)).filter((row) => row.kind === "refund");
    expect(refunds.map((row) => row.ref)).toEqual([{ type: "message", id: assistantMessageId }]);
    expect(warn.mock.calls.flat().join(" ")).toContain("misconfigured");
    warn.mockRestore();
  });
});
