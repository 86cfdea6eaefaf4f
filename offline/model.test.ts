import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  azureContentFilterStream,
  azureReasoningCompletion,
  azureReasoningStream,
} from "../convex/model/ai/azure.fixtures";
import { createModelHandler } from "./model";

let server: Server;
let baseURL: string;

function client(maxRetries = 0) {
  return new OpenAI({ baseURL, apiKey: "offline", maxRetries, timeout: 10_000 });
}

async function streamText(content: string, system?: string) {
  const messages = [
    ...(system ? [{ role: "system" as const, content: system }] : []),
    { role: "user" as const, content },
  ];
  const stream = await client().chat.completions.create({
    model: "helm-offline",
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = "";
  let pieces = 0;
  let usage: OpenAI.CompletionUsage | undefined;
  let emptyChoiceChunks = 0;
  for await (const chunk of stream) {
    if (chunk.choices.length === 0) emptyChoiceChunks += 1;
    const piece = chunk.choices[0]?.delta?.content;
    if (piece) {
      text += piece;
      pieces += 1;
    }
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, pieces, usage, emptyChoiceChunks };
}

beforeAll(async () => {
  const handle = createModelHandler({ tokenDelayMs: 0 });
  server = createServer((req, res) => {
    const url = req.url ?? "/";
    void handle(req, res, url.replace(/^\/_helm\/model/, ""));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_helm/model/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("offline model", () => {
  test("streams a deterministic echo with usage through the openai SDK", async () => {
    const first = await streamText("How should I organise my week?");
    const second = await streamText("How should I organise my week?");
    expect(first.text).toBe(second.text);
    expect(first.text).toContain("How should I organise my week?");
    expect(first.text).toContain("Offline model");
    expect(first.pieces).toBeGreaterThan(10);
    expect(first.usage?.completion_tokens).toBe(first.pieces);
    expect(first.usage?.prompt_tokens).toBeGreaterThan(0);
    // Azure-like: a leading chunk without choices, and the usage chunk.
    expect(first.emptyChoiceChunks).toBe(2);
  });

  test("mentions project and task names from the context block", async () => {
    const system = [
      "You are Helm's assistant.",
      "## The user's projects and active tasks",
      "This is the user's own data.",
      "- Project: Launch plan — Ship v2",
      "  - [to do] Write release notes",
      "  - [in progress] Record demo video",
    ].join("\n");
    const { text } = await streamText("What next?", system);
    expect(text).toContain("Launch plan");
    expect(text).toContain("Write release notes");
    expect(text).toContain("Record demo video");
    const without = await streamText("What next?");
    expect(without.text).not.toContain("Launch plan");
  });

  test("[tokens:N] streams exactly N tokens", async () => {
    for (const n of [200, 2000]) {
      const { usage } = await streamText(`[tokens:${n}]`);
      expect(usage?.completion_tokens).toBe(n);
    }
  });

  test("[long] answers with a code block and a table", async () => {
    const { text } = await streamText("[long] explain");
    expect(text).toContain("```ts");
    expect(text).toMatch(/\|---\|---\|---\|/);
  });

  test("answers without streaming too, honouring max_tokens", async () => {
    const completion = await client().chat.completions.create({
      model: "helm-offline",
      messages: [{ role: "user", content: "Say something long enough to cut" }],
      max_tokens: 5,
    });
    expect(completion.usage?.completion_tokens).toBe(5);
    expect(completion.choices[0].finish_reason).toBe("length");
  });

  test("the premium reasoning model thinks first: reasoning tokens within completion_tokens, its own note", async () => {
    const stream = await client().chat.completions.create({
      model: "helm-offline-reasoning",
      messages: [
        { role: "developer", content: "You are Helm's assistant." },
        { role: "user", content: "Weigh two plans for me" },
      ],
      max_completion_tokens: 4096,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toContain("Offline reasoning model");
    const reasoning = usage?.completion_tokens_details?.reasoning_tokens ?? 0;
    expect(reasoning).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(reasoning);
  });

  test.each([
    ["temperature", { temperature: 0.7 }],
    ["max_tokens", { max_tokens: 100 }],
  ])("the reasoning model refuses %s as Azure's o-series do", async (param, extra) => {
    const error = await client()
      .chat.completions.create({ model: "helm-offline-reasoning", messages: [{ role: "user", content: "Hi" }], ...extra })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).code).toBe("unsupported_parameter");
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(param);
  });

  test("json_object mode returns a valid project with 3 to 8 tasks", async () => {
    const completion = await client().chat.completions.create({
      model: "helm-offline",
      messages: [
        { role: "system", content: "Answer with JSON." },
        { role: "user", content: "plan a product launch in 6 weeks" },
      ],
      response_format: { type: "json_object" },
    });
    const project = JSON.parse(completion.choices[0].message.content ?? "");
    expect(project.name).toBe("Product launch in 6 weeks");
    expect(typeof project.description).toBe("string");
    expect(project.tasks).toHaveLength(6);
    expect(project.tasks[0].title).toMatch(/^Week 1: /);
  });

  test("[invalid-json] returns text that is not JSON", async () => {
    const completion = await client().chat.completions.create({
      model: "helm-offline",
      messages: [{ role: "user", content: "plan a party [invalid-json]" }],
      response_format: { type: "json_object" },
    });
    expect(() => JSON.parse(completion.choices[0].message.content ?? "")).toThrow();
  });

  test("[error-500] and [rate-limit] answer with HTTP errors", async () => {
    const request = (content: string) =>
      client().chat.completions.create({ model: "m", messages: [{ role: "user", content }] });
    await expect(request("x [error-500]")).rejects.toMatchObject({ status: 500 });
    await expect(request("x [rate-limit]")).rejects.toMatchObject({ status: 429 });
  });

  test("[fail-midstream] drops the connection after some text", async () => {
    let text = "";
    const run = async () => {
      const stream = await client().chat.completions.create({
        model: "m",
        messages: [{ role: "user", content: "tell me a story [fail-midstream]" }],
        stream: true,
      });
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    };
    await expect(run()).rejects.toThrow();
    expect(text.length).toBeGreaterThan(0);
  });

  test("[content-filter] ends the stream the way Azure's filter does, after some text and with no usage", async () => {
    const result = await streamText("tell me a story [content-filter]");
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.usage).toBeUndefined();
  });

  test("unknown routes are 404", async () => {
    const res = await fetch(`${baseURL}/nope`);
    expect(res.status).toBe(404);
  });
});

/*
 * The offline model stands in for Azure, so its messages have the shapes of
 * Azure's own (the fixtures in convex/model/ai/azure.fixtures.ts, each named
 * after its source): the same keys, nested the same way, values aside.
 */
describe("offline model: Azure's message shapes", () => {
  type Shape = string | Shape[] | { [key: string]: Shape };
  function shapeOf(value: unknown): Shape {
    if (value === null) return "null";
    if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
    if (typeof value === "object") {
      const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
      return Object.fromEntries(entries.map(([key, v]) => [key, shapeOf(v)]));
    }
    return typeof value;
  }

  async function rawStream(content: string): Promise<Array<Record<string, unknown>>> {
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "helm-offline",
        messages: [{ role: "user", content }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    });
    const payloads = (await response.text())
      .split("\n\n")
      .map((event) => event.replace(/^data: /, "").trim())
      .filter((data) => data && data !== "[DONE]");
    return payloads.map((data) => JSON.parse(data) as Record<string, unknown>);
  }
  const fixture = (stream: readonly string[]) =>
    stream.filter((data) => data !== "[DONE]").map((data) => JSON.parse(data) as Record<string, unknown>);

  test("a stream: prompt filter chunk, role, text, finish, then the usage chunk with token details", async () => {
    const offline = await rawStream("Hello there");
    const azure = fixture(azureReasoningStream);
    expect(shapeOf(offline[0])).toEqual(shapeOf(azure[0]));
    expect(shapeOf(offline[1])).toEqual(shapeOf(azure[1]));
    expect(shapeOf(offline[2])).toEqual(shapeOf(azure[2]));
    expect(shapeOf(offline.at(-2))).toEqual(shapeOf(azure.at(-2)));
    expect(shapeOf(offline.at(-1))).toEqual(shapeOf(azure.at(-1)));
  });

  test("a content filter stop mid-stream", async () => {
    const offline = await rawStream("tell me a story [content-filter]");
    const azure = fixture(azureContentFilterStream);
    expect(shapeOf(offline.at(-1))).toEqual(shapeOf(azure.at(-1)));
    expect((offline.at(-1)!.choices as Array<{ finish_reason: string }>)[0].finish_reason).toBe("content_filter");
  });

  test("an answer that is not streamed", async () => {
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "helm-offline", messages: [{ role: "user", content: "Hi" }] }),
    });
    const offline = (await response.json()) as Record<string, unknown>;
    const { usage, prompt_filter_results, choices } = azureReasoningCompletion;
    expect(shapeOf(offline.usage)).toEqual(shapeOf(usage));
    expect(shapeOf(offline.prompt_filter_results)).toEqual(shapeOf(prompt_filter_results));
    const [offlineChoice] = offline.choices as Array<Record<string, unknown>>;
    expect(Object.keys(offlineChoice).sort()).toEqual(
      expect.arrayContaining(["content_filter_results", "finish_reason", "index", "message"]),
    );
    expect(shapeOf(offlineChoice.content_filter_results)).toEqual(shapeOf(choices[0].content_filter_results));
  });
});
