import { encode } from "gpt-tokenizer";

/**
 * What the offline model says. Deterministic, so tests and screenshots are
 * stable: it echoes and summarises the last user message, names the
 * projects and tasks it finds in the system prompt, and honours a few
 * bracketed triggers used by tests and benchmarks.
 */

export type WireMessage = { role: string; content: string };

export const TRIGGERS = {
  failMidstream: "[fail-midstream]",
  error500: "[error-500]",
  rateLimit: "[rate-limit]",
  invalidJson: "[invalid-json]",
  slow: "[slow]",
  long: "[long]",
  contentFilter: "[content-filter]",
} as const;

/** `[tokens:N]` asks for a reply of exactly N tokens (benchmarks). */
const TOKENS_TRIGGER = /\[tokens:(\d{1,6})\]/;
const MAX_TOKENS_TRIGGER = 20_000;

export function lastUserText(messages: WireMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === "user") return messages[i].content;
  }
  return "";
}

export function hasTrigger(text: string, trigger: string): boolean {
  return text.includes(trigger);
}

function stripTriggers(text: string): string {
  return text.replace(/\[[a-z0-9:-]+\]/gi, " ").replace(/\s+/g, " ").trim();
}

/** Project and task names from a "projects and tasks" block in the system prompt. */
export function contextNames(messages: WireMessage[]): { projects: string[]; tasks: string[] } {
  const projects: string[] = [];
  const tasks: string[] = [];
  const system = messages
    .filter((m) => m.role === "system" || m.role === "developer")
    .map((m) => m.content)
    .join("\n");
  const start = system.search(/projects and (active )?tasks/i);
  if (start < 0) return { projects, tasks };
  for (const line of system.slice(start).split("\n")) {
    const project = /^\s*-\s*Project:\s*(.+?)(?:\s+—\s+.*)?$/.exec(line);
    if (project) {
      projects.push(project[1].trim());
      continue;
    }
    const task = /^\s+-\s*(?:\[[^\]]*\]\s*)?(.+)$/.exec(line);
    if (task) tasks.push(task[1].trim());
  }
  return { projects, tasks };
}

function keyTerms(text: string): string[] {
  const seen = new Set<string>();
  const words = text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]{3,}/gu) ?? [];
  for (const word of [...words].sort((a, b) => b.length - a.length)) {
    if (seen.size >= 3) break;
    seen.add(word);
  }
  return [...seen];
}

const LONG_REPLY = `## A longer answer

Here is a structured overview, written by the offline model to exercise Markdown rendering.

### Steps

1. Collect what you already know.
2. Decide what matters most this week.
3. Write it down where the team can see it.

### Example

\`\`\`ts
function nextTask(tasks: { title: string; done: boolean }[]) {
  return tasks.find((task) => !task.done) ?? null;
}
\`\`\`

### Comparison

| Option | Effort | Impact |
|---|---|---|
| Do it now | Low | Medium |
| Plan it first | Medium | High |
| Skip it | None | None |

That is the whole answer. Each part above is deterministic, so screenshots stay stable.`;

function fillerOfTokens(count: number): string {
  const sentence =
    "Helm keeps projects, tasks and conversations together so that planning and doing happen in one place. ";
  // Repeated sentences tokenize a little tighter than one alone: top up until long enough.
  let text = sentence.repeat(Math.ceil(count / encode(sentence).length));
  while (encode(text).length < count) text += sentence.repeat(Math.ceil(count / 200));
  return text;
}

const isInstruction = (m: WireMessage | undefined) => m?.role === "system" || m?.role === "developer";

/**
 * A request to carry on a cut-off reply: the reply so far as the last
 * assistant message, then an instruction (Helm's Continue). The offline
 * model then says the rest of what it would have said, so a continued reply
 * reads as one answer.
 */
function continuation(messages: WireMessage[], reasoning: boolean): { text: string } | null {
  const n = messages.length;
  if (n < 3 || !isInstruction(messages[n - 1]) || messages[n - 2].role !== "assistant") return null;
  const partial = messages[n - 2].content;
  const whole = chatReply(messages.slice(0, n - 2), { reasoning }).text;
  return { text: whole.startsWith(partial) ? whole.slice(partial.length) : " …and that is the rest of the answer." };
}

/** The reply text for a chat request (the caller cuts it to a token count if asked). */
export function chatReply(
  messages: WireMessage[],
  { reasoning = false }: { reasoning?: boolean } = {},
): { text: string; exactTokens?: number } {
  const continued = continuation(messages, reasoning);
  if (continued) return continued;
  const last = lastUserText(messages);
  const tokens = TOKENS_TRIGGER.exec(last);
  if (tokens) {
    const exact = Math.min(Number(tokens[1]), MAX_TOKENS_TRIGGER);
    return { text: fillerOfTokens(exact), exactTokens: exact };
  }
  if (hasTrigger(last, TRIGGERS.long)) return { text: LONG_REPLY };

  const said = stripTriggers(last);
  const quoted = said.length > 160 ? `${said.slice(0, 159)}…` : said;
  const words = said ? said.split(" ").length : 0;
  const terms = keyTerms(said);
  const parts = [
    reasoning
      ? "*(Offline reasoning model: it thought first, then answered — a deterministic stand-in for a premium model.)*"
      : "*(Offline model: a deterministic stand-in for a real AI model.)*",
    `You said: “${quoted}”`,
    `In short, that is ${words} word${words === 1 ? "" : "s"}` +
      (terms.length ? `, mostly about ${terms.join(", ")}.` : "."),
  ];
  const earlier = messages.filter((m) => m.role === "user" || m.role === "assistant").length - 1;
  if (earlier > 0) parts.push(`I can see ${earlier} earlier message${earlier === 1 ? "" : "s"} in this chat.`);
  const { projects, tasks } = contextNames(messages);
  if (projects.length || tasks.length) {
    const bits = [];
    if (projects.length) bits.push(`projects ${projects.map((p) => `**${p}**`).join(", ")}`);
    if (tasks.length) bits.push(`active tasks ${tasks.map((t) => `“${t}”`).join(", ")}`);
    parts.push(`From your Helm data I can see ${bits.join(" and ")}.`);
  }
  return { text: parts.join("\n\n") };
}

const PHASES = [
  "Define goals and scope",
  "Research and outline",
  "Build a first draft",
  "Review with stakeholders",
  "Refine and polish",
  "Prepare the launch",
  "Launch",
  "Run a retrospective",
];

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A project as JSON (AI project generation), derived from the request's last line. */
export function projectJson(messages: WireMessage[]): string {
  const lines = stripTriggers(lastUserText(messages).split("\n").filter((l) => l.trim()).at(-1) ?? "");
  const subject =
    lines
      .replace(/^(please\s+)?(help me\s+)?(plan|create|make|build|organi[sz]e|generate)\s+(a|an|the|my)?\s*/i, "")
      .replace(/[.!?]+$/, "")
      .trim() || "New project";
  const name = capitalise(subject.length > 60 ? `${subject.slice(0, 59).trimEnd()}…` : subject);
  const weeks = /(\d+)\s*weeks?/i.exec(subject);
  const count = weeks ? Math.min(8, Math.max(3, Number(weeks[1]))) : 0;
  const tasks = weeks
    ? Array.from({ length: count }, (_, i) => ({
        title: `Week ${i + 1}: ${PHASES[Math.floor((i * PHASES.length) / count)]}`,
      }))
    : [
        `Define goals for ${subject.toLowerCase()}`,
        "List what is needed",
        "Draft a first version",
        "Review and refine",
        "Wrap up and share the result",
      ].map((title) => ({ title }));
  return JSON.stringify({
    name,
    description: `A plan for ${subject.toLowerCase()}, drafted by the offline model.`,
    tasks,
  });
}
