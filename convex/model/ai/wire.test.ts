import { afterEach, describe, expect, test, vi } from "vitest";
import type { ModelProviderConfig } from "../config";
import {
  azureContentFilterStream,
  azureContentFilterStreamText,
  azurePromptFilteredError,
  azureReasoningCompletion,
  azureReasoningCompletionUsage,
  azureReasoningStream,
  azureReasoningStreamText,
  azureReasoningStreamUsage,
  sseBody,
  type SseFixture,
} from "./azure.fixtures";
import { createModelClient, ModelError, type StreamEvent } from "./llm";

/*
 * Contract tests: the provider's own messages (fixtures named after their
 * source) go through the real `openai` SDK and Helm's parsing, exactly as a
 * reply or a generation job would receive them.
 */

type Sent = { url: string; body: Record<string, unknown> };

function serve(answer: () => Response): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url: String(input instanceof Request ? input.url : input), body: JSON.parse(String(init?.body ?? "{}")) });
    return answer();
  });
  return sent;
}
const sse = (fixture: SseFixture) => () =>
  new Response(sseBody(fixture), { status: 200, headers: { "content-type": "text/event-stream" } });
const jsonResponse = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

function azure(model: string): ModelProviderConfig {
  return {
    kind: "azure",
    endpoint: "https://helm-test.openai.azure.com/",
    apiKey: "test-key",
    deployment: "helm-chat",
    model,
    apiVersion: "2025-04-01-preview",
    overrides: {},
  };
}

async function collect(events: AsyncIterable<StreamEvent>) {
  const seen: StreamEvent[] = [];
  let failure: unknown;
  try {
    for await (const event of events) seen.push(event);
  } catch (error) {
    failure = error;
  }
  const text = seen.flatMap((e) => (e.type === "text" ? [e.text] : [])).join("");
  const usage = seen.flatMap((e) => (e.type === "usage" ? [e.usage] : [])).at(-1);
  const finish = seen.flatMap((e) => (e.type === "finish" ? [e.reason] : [])).at(-1);
  return { text, usage, finish, failure };
}

const prompt = [
  { role: "system" as const, content: "Be brief." },
  { role: "user" as const, content: "Where do I start?" },
];

afterEach(() => vi.unstubAllGlobals());

describe("Azure streams", () => {
  test("prompt-filter first chunk, text, and reasoning usage in the final include_usage chunk", async () => {
    const sent = serve(sse(azureReasoningStream));
    const client = createModelClient(azure("o4-mini"))!;
    const result = await collect(client.streamChat(prompt));
    expect(result.failure).toBeUndefined();
    expect(result.text).toBe(azureReasoningStreamText);
    expect(result.finish).toBe("stop");
    expect(result.usage).toEqual(azureReasoningStreamUsage);
    expect(sent[0].body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  test("a content filter mid-stream keeps the text so far and fails as content_filter", async () => {
    serve(sse(azureContentFilterStream));
    const client = createModelClient(azure("gpt-4o"))!;
    const result = await collect(client.streamChat(prompt));
    expect(result.text).toBe(azureContentFilterStreamText);
    expect(result.failure).toBeInstanceOf(ModelError);
    expect((result.failure as ModelError).kind).toBe("content_filter");
    expect(result.usage).toBeUndefined();
  });

  test("a prompt the filter blocks (HTTP 400, code content_filter) is a content_filter failure, not retried", async () => {
    const sent = serve(jsonResponse(azurePromptFilteredError.status, azurePromptFilteredError.body));
    const client = createModelClient(azure("gpt-4o"))!;
    const result = await collect(client.streamChat(prompt));
    expect((result.failure as ModelError).kind).toBe("content_filter");
    expect(sent).toHaveLength(1);
  });
});

describe("Azure answers that are not streamed", () => {
  test("o1 (no streaming on Azure) is asked once, without stream, and its reasoning usage is read", async () => {
    const sent = serve(jsonResponse(200, azureReasoningCompletion));
    const client = createModelClient(azure("o1"))!;
    const result = await collect(client.streamChat(prompt));
    expect(result.failure).toBeUndefined();
    expect(result.text).toBe(azureReasoningCompletion.choices[0].message.content);
    expect(result.usage).toEqual(azureReasoningCompletionUsage);
    expect(sent[0].body.stream).toBe(false);
    expect(sent[0].body.messages).toEqual([
      { role: "developer", content: "Be brief." },
      { role: "user", content: "Where do I start?" },
    ]);
  });

  test("completeJson parses the non-streamed JSON answer and keeps its usage", async () => {
    serve(jsonResponse(200, azureReasoningCompletion));
    const client = createModelClient(azure("o1"))!;
    const result = await client.completeJson(prompt);
    expect(result.value).toMatchObject({ name: "Launch" });
    expect(result.usage).toEqual(azureReasoningCompletionUsage);
    expect(result.model).toBe("o1");
  });
});

test("completeJson streams for a reasoning model that streams, so a long think meets no request timeout", async () => {
  const body = JSON.stringify({ name: "Launch", description: "Ship it.", tasks: [] });
  const stream = [
    azureReasoningStream[0],
    JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "o4-mini", choices: [{ index: 0, finish_reason: null, delta: { content: body.slice(0, 10) } }], usage: null }),
    JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "o4-mini", choices: [{ index: 0, finish_reason: null, delta: { content: body.slice(10) } }], usage: null }),
    ...azureReasoningStream.slice(4),
  ];
  const sent = serve(sse(stream));
  const result = await createModelClient(azure("o4-mini"))!.completeJson(prompt, { maxOutputTokens: 2000 });
  expect(result.value).toEqual({ name: "Launch", description: "Ship it.", tasks: [] });
  expect(result.usage).toEqual(azureReasoningStreamUsage);
  expect(sent[0].body).toMatchObject({
    stream: true,
    response_format: { type: "json_object" },
    max_completion_tokens: 2000 + 8192,
  });
  expect(sent[0].body.temperature).toBeUndefined();
});
