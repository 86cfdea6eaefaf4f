import type { IncomingMessage, ServerResponse } from "node:http";
import { countTokens, decodeGenerator, encode } from "gpt-tokenizer";
import {
  chatReply,
  hasTrigger,
  lastUserText,
  projectJson,
  TRIGGERS,
  type WireMessage,
} from "./model-reply";

/**
 * The offline model: an OpenAI-compatible `/v1/chat/completions` endpoint
 * (streaming SSE or plain JSON) that Helm's backend reaches through the real
 * `openai` SDK when no Azure or OpenAI endpoint is configured. Self-contained
 * so the offline backend can mount it and tests can serve it on their own.
 *
 * Pace: HELM_OFFLINE_MODEL_TOKEN_MS between tokens (default 15; 0 = as fast
 * as possible). Triggers: see model-reply.ts.
 */

export const OFFLINE_MODEL_NAME = "helm-offline";
/**
 * The premium offline model: a reasoning model, so it takes requests as
 * Azure's o-series do (no `temperature`, no `max_tokens`), thinks before its
 * first token and reports the thinking as `reasoning_tokens`.
 */
export const OFFLINE_REASONING_MODEL_NAME = "helm-offline-reasoning";
/** Tokens' worth of pace the reasoning model spends thinking before it answers. */
const THINKING_PACES = 80;
const REASONING_TOKENS_BASE = 96;

/** Azure's content filter annotations, all clear (convex/model/ai/azure.fixtures.ts names the source). */
const SAFE_FILTER_RESULTS = {
  hate: { filtered: false, severity: "safe" },
  self_harm: { filtered: false, severity: "safe" },
  sexual: { filtered: false, severity: "safe" },
  violence: { filtered: false, severity: "safe" },
};
const PROMPT_FILTER_RESULTS = [{ prompt_index: 0, content_filter_results: SAFE_FILTER_RESULTS }];
const DEFAULT_TOKEN_MS = 15;
const SLOW_TOKEN_MS = 250;
const FAIL_AFTER_TOKENS = 12;
const MAX_BODY_BYTES = 2_000_000;

export type ModelHandlerOptions = { tokenDelayMs?: number };

type ChatRequest = {
  model?: string;
  messages?: { role?: string; content?: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type?: string };
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
};

function tokenDelay(options: ModelHandlerOptions): number {
  if (options.tokenDelayMs !== undefined) return options.tokenDelayMs;
  const fromEnv = Number(process.env.HELM_OFFLINE_MODEL_TOKEN_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : DEFAULT_TOKEN_MS;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function apiError(res: ServerResponse, status: number, type: string, message: string, headers = {}) {
  sendJson(res, status, { error: { message, type, code: type } }, headers);
}

/**
 * What OpenAI and Azure answer a reasoning model sent a parameter it does not
 * take: 400 `invalid_request_error`, `code: unsupported_parameter`, naming the
 * `param` (the error body as reported in e.g. griptape-ai/ComfyUI-Griptape#312;
 * Azure's reasoning guide lists the parameters as not supported).
 */
function unsupportedParameter(res: ServerResponse, param: string, hint = "") {
  sendJson(res, 400, {
    error: {
      message: `Unsupported parameter: '${param}' is not supported with this model.${hint}`,
      type: "invalid_request_error",
      param,
      code: "unsupported_parameter",
    },
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const part of req) {
    size += (part as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts).toString("utf8");
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === "object" && "text" in part ? String(part.text) : ""))
      .join("");
  }
  return "";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Handles one request; `path` is what follows the mount point (e.g. `/v1/chat/completions`). */
export function createModelHandler(options: ModelHandlerOptions = {}) {
  return async function handle(req: IncomingMessage, res: ServerResponse, path: string) {
    const route = path.split("?")[0].replace(/\/+$/, "");
    if (req.method === "GET" && route === "/v1/models") {
      const data = [OFFLINE_MODEL_NAME, OFFLINE_REASONING_MODEL_NAME].map((id) => ({ id, object: "model", owned_by: "helm" }));
      sendJson(res, 200, { object: "list", data });
      return;
    }
    if (route !== "/v1/chat/completions") {
      apiError(res, 404, "not_found", `No route ${path}`);
      return;
    }
    if (req.method !== "POST") {
      apiError(res, 405, "method_not_allowed", "Use POST.");
      return;
    }
    let request: ChatRequest;
    try {
      request = JSON.parse(await readBody(req)) as ChatRequest;
    } catch {
      apiError(res, 400, "invalid_request_error", "The body must be JSON.");
      return;
    }
    if (!Array.isArray(request.messages) || request.messages.length === 0) {
      apiError(res, 400, "invalid_request_error", "`messages` must be a non-empty array.");
      return;
    }
    const messages: WireMessage[] = request.messages.map((m) => ({
      role: String(m.role ?? "user"),
      content: textOf(m.content),
    }));
    try {
      await answer(res, req, request, messages, tokenDelay(options));
    } catch (error) {
      if (!res.headersSent) apiError(res, 500, "server_error", String(error));
      else res.destroy();
    }
  };
}

async function answer(
  res: ServerResponse,
  req: IncomingMessage,
  request: ChatRequest,
  messages: WireMessage[],
  delayMs: number,
) {
  const last = lastUserText(messages);
  if (hasTrigger(last, TRIGGERS.error500)) {
    apiError(res, 500, "server_error", "The offline model failed on purpose ([error-500]).");
    return;
  }
  if (hasTrigger(last, TRIGGERS.rateLimit)) {
    // A short retry-after keeps the client's bounded retries quick.
    apiError(res, 429, "rate_limit_exceeded", "Rate limited on purpose ([rate-limit]).", {
      "retry-after-ms": "100",
    });
    return;
  }

  const reasoning = request.model === OFFLINE_REASONING_MODEL_NAME;
  if (reasoning && request.max_tokens !== undefined) {
    unsupportedParameter(res, "max_tokens", " Use 'max_completion_tokens' instead.");
    return;
  }
  if (reasoning && request.temperature !== undefined) {
    unsupportedParameter(res, "temperature");
    return;
  }

  const json = request.response_format?.type === "json_object";
  const reply = json
    ? { text: hasTrigger(last, TRIGGERS.invalidJson) ? '{"name": "Broken", "tasks": [' : projectJson(messages) }
    : chatReply(messages, { reasoning });
  let tokens = encode(reply.text);
  if (reply.exactTokens !== undefined) tokens = tokens.slice(0, reply.exactTokens);
  // A reasoning model's thinking is spent from the same budget as its answer.
  const reasoningTokens = reasoning ? REASONING_TOKENS_BASE + tokens.length : 0;
  const limit = request.max_completion_tokens ?? request.max_tokens;
  let finishReason = "stop";
  if (typeof limit === "number" && limit > 0 && tokens.length + reasoningTokens > limit) {
    tokens = tokens.slice(0, Math.max(0, limit - reasoningTokens));
    finishReason = "length";
  }
  const promptTokens = messages.reduce((sum, m) => sum + countTokens(m.content) + 4, 0);
  const completionTokens = tokens.length + reasoningTokens;
  // Azure's usage object (convex/model/ai/azure.fixtures.ts): reasoning is part of completion_tokens.
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    completion_tokens_details: { audio_tokens: null, reasoning_tokens: reasoningTokens },
    prompt_tokens_details: { audio_tokens: null, cached_tokens: 0 },
  };
  const id = `chatcmpl-offline-${Date.now().toString(36)}`;
  const created = Math.floor(Date.now() / 1000);
  const model = request.model ?? OFFLINE_MODEL_NAME;

  if (!request.stream) {
    sendJson(res, 200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: [...decodeGenerator(tokens)].join("") },
          finish_reason: finishReason,
          content_filter_results: SAFE_FILTER_RESULTS,
        },
      ],
      usage,
      prompt_filter_results: PROMPT_FILTER_RESULTS,
    });
    return;
  }

  let closed = false;
  res.on("close", () => {
    closed = true;
  });
  req.on("aborted", () => {
    closed = true;
  });
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  const send = (chunk: object) => res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  const frame = (delta: object, finish: string | null = null) => ({
    id,
    object: "chat.completion.chunk",
    created,
    model,
    choices: [{ index: 0, finish_reason: finish, delta }],
    usage: null,
  });
  // Like Azure: the prompt filter results first (no choices, blank id and model), then the role.
  send({ id: "", object: "", created: 0, model: "", prompt_filter_results: PROMPT_FILTER_RESULTS, choices: [], usage: null });
  send(frame({ role: "assistant" }));

  const slow = hasTrigger(last, TRIGGERS.slow);
  const failMidstream = hasTrigger(last, TRIGGERS.failMidstream);
  const contentFilter = hasTrigger(last, TRIGGERS.contentFilter);
  const pace = slow ? SLOW_TOKEN_MS : delayMs;
  // Azure streams nothing while a reasoning model thinks: the answer's first token simply comes late.
  if (reasoning && pace > 0) {
    await sleep(pace * THINKING_PACES);
    if (closed) return;
  }
  let sent = 0;
  for (const piece of decodeGenerator(tokens)) {
    if (closed) return;
    if (failMidstream && sent === FAIL_AFTER_TOKENS) {
      // Drop the connection mid-reply, as a crashed upstream would (after
      // letting the text so far reach the client).
      await sleep(50);
      res.destroy();
      return;
    }
    if (contentFilter && sent === FAIL_AFTER_TOKENS) {
      // Azure's filter stopping a completion mid-stream: a choice with the
      // results and no delta, then [DONE], with no usage chunk.
      send({
        id: "",
        object: "",
        created: 0,
        model: "",
        choices: [
          {
            index: 0,
            finish_reason: "content_filter",
            content_filter_results: { protected_material_text: { detected: true, filtered: true } },
            content_filter_offsets: { check_offset: 0, start_offset: 0, end_offset: 0 },
          },
        ],
        usage: null,
      });
      res.end("data: [DONE]\n\n");
      return;
    }
    send(frame({ content: piece }));
    sent += 1;
    if (pace > 0) await sleep(pace);
    // Even at full speed, let socket events (a closed client) through now and then.
    else if (sent % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (closed) return;
  send(frame({}, finishReason));
  if (request.stream_options?.include_usage) {
    send({ id, object: "chat.completion.chunk", created, model, choices: [], usage });
  }
  res.end("data: [DONE]\n\n");
}

/** The offline backend's entry point (contract signature). */
export const handleModelRequest: (
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
) => Promise<void> = createModelHandler();
