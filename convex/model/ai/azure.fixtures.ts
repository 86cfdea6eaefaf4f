/**
 * Azure OpenAI's answers, as Helm receives them, for the contract tests
 * (`wire.test.ts`) and the offline model's shape test (`offline/model.test.ts`).
 * Each names the provider source it mirrors; field names and nesting are the
 * source's, the texts and numbers are Helm's own. (Two dots in the name keep
 * Convex from deploying it.)
 */

/** One SSE stream: the `data:` payloads in order (the last is `[DONE]`). */
export type SseFixture = readonly string[];

const json = (value: unknown) => JSON.stringify(value);

/**
 * Azure's first chunk: prompt filter results, empty `choices`, blank id and
 * model. Source: azure-ai-docs `articles/ai-services/openai/concepts/content-streaming.md`
 * ("Prompt annotation message" and both sample streams).
 */
export const promptFilterChunk = {
  id: "",
  object: "",
  created: 0,
  model: "",
  prompt_filter_results: [
    {
      prompt_index: 0,
      content_filter_results: {
        hate: { filtered: false, severity: "safe" },
        self_harm: { filtered: false, severity: "safe" },
        sexual: { filtered: false, severity: "safe" },
        violence: { filtered: false, severity: "safe" },
      },
    },
  ],
  choices: [],
  usage: null,
};

const chunk = (id: string, model: string, choice: object) => ({
  id,
  object: "chat.completion.chunk",
  created: 1745000000,
  model,
  choices: [{ index: 0, ...choice }],
  usage: null,
});

/**
 * o4-mini streaming with `stream_options.include_usage`: the prompt filter
 * chunk, the role, text deltas, the `stop` finish, then the usage chunk with
 * empty `choices` carrying `completion_tokens_details.reasoning_tokens`.
 * Sources: content-streaming.md (chunk shapes, `"usage": null` until the end);
 * openai-node `src/resources/chat/completions/completions.ts`, `ChatCompletionChunk`
 * (`usage` only on the last chunk, whose `choices` is empty, when
 * `include_usage` is set); azure-ai-docs `articles/ai-foundry/openai/how-to/reasoning.md`
 * (the `usage` object with `completion_tokens_details.reasoning_tokens`).
 */
export const azureReasoningStream: SseFixture = [
  json(promptFilterChunk),
  json(chunk("chatcmpl-helm-o4", "o4-mini-2025-04-16", { finish_reason: null, delta: { role: "assistant" } })),
  json(chunk("chatcmpl-helm-o4", "o4-mini-2025-04-16", { finish_reason: null, delta: { content: "Start with" } })),
  json(chunk("chatcmpl-helm-o4", "o4-mini-2025-04-16", { finish_reason: null, delta: { content: " the launch date." } })),
  json(chunk("chatcmpl-helm-o4", "o4-mini-2025-04-16", { finish_reason: "stop", delta: {} })),
  json({
    id: "chatcmpl-helm-o4",
    object: "chat.completion.chunk",
    created: 1745000000,
    model: "o4-mini-2025-04-16",
    choices: [],
    usage: {
      completion_tokens: 391,
      prompt_tokens: 57,
      total_tokens: 448,
      completion_tokens_details: { audio_tokens: null, reasoning_tokens: 384 },
      prompt_tokens_details: { audio_tokens: null, cached_tokens: 0 },
    },
  }),
  "[DONE]",
];
export const azureReasoningStreamText = "Start with the launch date.";
export const azureReasoningStreamUsage = { input: 57, output: 391, reasoning: 384 };

/**
 * A completion blocked mid-stream: text deltas, an annotation chunk (a choice
 * with filter results and no `delta`), then `finish_reason: "content_filter"`
 * and `[DONE]`, with no usage chunk. Source: content-streaming.md, "Sample
 * response stream (blocked by filters)".
 */
export const azureContentFilterStream: SseFixture = [
  json(promptFilterChunk),
  json(chunk("chatcmpl-helm-cf", "gpt-4o-2024-11-20", { finish_reason: null, delta: { role: "assistant" } })),
  json(chunk("chatcmpl-helm-cf", "gpt-4o-2024-11-20", { finish_reason: null, delta: { content: "Here are" } })),
  json(chunk("chatcmpl-helm-cf", "gpt-4o-2024-11-20", { finish_reason: null, delta: { content: " the words" } })),
  json({
    id: "",
    object: "",
    created: 0,
    model: "",
    choices: [
      {
        index: 0,
        finish_reason: null,
        content_filter_results: {
          hate: { filtered: false, severity: "safe" },
          self_harm: { filtered: false, severity: "safe" },
          sexual: { filtered: false, severity: "safe" },
          violence: { filtered: false, severity: "safe" },
        },
        content_filter_offsets: { check_offset: 40, start_offset: 40, end_offset: 420 },
      },
    ],
    usage: null,
  }),
  json({
    id: "",
    object: "",
    created: 0,
    model: "",
    choices: [
      {
        index: 0,
        finish_reason: "content_filter",
        content_filter_results: { protected_material_text: { detected: true, filtered: true } },
        content_filter_offsets: { check_offset: 40, start_offset: 40, end_offset: 420 },
      },
    ],
    usage: null,
  }),
  "[DONE]",
];
export const azureContentFilterStreamText = "Here are the words";

/**
 * A non-streamed reasoning answer (o1 does not stream on Azure; Helm waits
 * for it). Source: reasoning.md, the "Output" sample of a chat completion.
 */
export const azureReasoningCompletion = {
  id: "chatcmpl-helm-o1",
  choices: [
    {
      finish_reason: "stop",
      index: 0,
      logprobs: null,
      message: {
        content: '{"name":"Launch","description":"Ship it.","tasks":[{"title":"Pick a date"},{"title":"Write notes"},{"title":"Tell people"}]}',
        refusal: null,
        role: "assistant",
        function_call: null,
        tool_calls: null,
      },
      content_filter_results: {
        hate: { filtered: false, severity: "safe" },
        self_harm: { filtered: false, severity: "safe" },
        sexual: { filtered: false, severity: "safe" },
        violence: { filtered: false, severity: "safe" },
      },
    },
  ],
  created: 1745000000,
  model: "o1-2024-12-17",
  object: "chat.completion",
  service_tier: null,
  system_fingerprint: "fp_helm",
  usage: {
    completion_tokens: 1200,
    prompt_tokens: 90,
    total_tokens: 1290,
    completion_tokens_details: { audio_tokens: null, reasoning_tokens: 1152 },
    prompt_tokens_details: { audio_tokens: null, cached_tokens: 0 },
  },
  prompt_filter_results: promptFilterChunk.prompt_filter_results,
};
export const azureReasoningCompletionUsage = { input: 90, output: 1200, reasoning: 1152 };

/**
 * A prompt the content filter blocks: HTTP 400 with `code: "content_filter"`.
 * Source: azure-ai-docs `articles/ai-foundry/openai/how-to/use-blocklists.md`
 * (the `400` response body of a blocked prompt).
 */
export const azurePromptFilteredError = {
  status: 400,
  body: {
    error: {
      message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
      type: null,
      param: "prompt",
      code: "content_filter",
      status: 400,
      innererror: {
        code: "ResponsibleAIPolicyViolation",
        content_filter_result: {
          hate: { filtered: true, severity: "high" },
          self_harm: { filtered: false, severity: "safe" },
          sexual: { filtered: false, severity: "safe" },
          violence: { filtered: false, severity: "safe" },
        },
      },
    },
  },
};

/** The HTTP body of an SSE fixture. */
export function sseBody(fixture: SseFixture): string {
  return fixture.map((data) => `data: ${data}\n\n`).join("");
}
