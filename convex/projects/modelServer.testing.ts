// Test-only (the second dot keeps it out of Convex deployments): a scripted
// OpenAI-compatible endpoint on 127.0.0.1, so generation runs the real SDK path.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedReply = { content: string } | { status: number; error: string };

export type ModelServer = {
  baseURL: string;
  /** Request bodies received, in order. */
  requests: Array<{ messages: Array<{ role: string; content: string }>; response_format?: unknown }>;
  /** Replies to give, in order; the last one repeats. */
  script: ScriptedReply[];
  close: () => Promise<void>;
};

export async function startModelServer(): Promise<ModelServer> {
  const state: ModelServer = {
    baseURL: "",
    requests: [],
    script: [],
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      state.requests.push(JSON.parse(body || "{}"));
      const reply = state.script[Math.min(state.requests.length - 1, state.script.length - 1)];
      res.setHeader("content-type", "application/json");
      if (!reply || "status" in reply) {
        res.statusCode = reply?.status ?? 500;
        res.end(JSON.stringify({ error: { message: reply?.error ?? "no script", type: "test" } }));
        return;
      }
      res.end(
        JSON.stringify({
          id: `cmpl-${state.requests.length}`,
          object: "chat.completion",
          created: 1,
          model: "helm-test",
          choices: [
            { index: 0, message: { role: "assistant", content: reply.content }, finish_reason: "stop" },
          ],
          usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.baseURL = `http://127.0.0.1:${port}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

export const plan = (tasks: number, name = "Product launch") =>
  JSON.stringify({
    name,
    description: "Launch the product in six weeks.",
    tasks: Array.from({ length: tasks }, (_, i) => ({ title: `Step ${i + 1}` })),
  });
