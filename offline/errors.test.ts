import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { ConvexError } from "convex/values";
import { beforeAll, describe, expect, test } from "vitest";
import { eventually, fixtures, signedIn, watch, type Balance } from "./testing/clients";
import { backendForSuite } from "./testing/suite";

/*
 * Failing the way Convex fails, observed through the `convex` package's
 * clients: the `[Request ID: …] Server Error` framing, Convex's validation
 * wording, the HTTP action error response, system-table ids refused, and the
 * transient OCC / overloaded system errors (injected with a test hook).
 */

const suite = backendForSuite("errors");
let alice: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  alice = await signedIn(suite.backend.apiUrl, "Alice");
  suite.clients.push(alice.client);
});

const REQUEST = String.raw`\[Request ID: [0-9a-f]{16}\] Server Error`;
const FRAME = String.raw` {4}at .*\.\./offline/testing/fixtures/(conformance|http)\.ts:\d+:\d+\)?\n`;

const failure = (call: Promise<unknown> | (() => Promise<unknown>)) =>
  (typeof call === "function" ? call() : call).then(
    () => new Error("expected a failure"),
    (error: unknown) => error as Error,
  );

async function failNextMutations(body: { error: "occ" | "overloaded"; count: number; table?: string }) {
  const response = await fetch(`${suite.backend.apiUrl}/_helm/testing/fail-next-mutations`, { method: "POST", body: JSON.stringify(body) });
  expect(response.status).toBe(200);
}

describe("error framing", () => {
  test("a thrown Error reaches every client as an uncaught exception, framed with a request id", async () => {
    const overSocket = await failure(alice.client.mutation(fixtures.boom, {}));
    expect(overSocket.message).toMatch(
      new RegExp(String.raw`^\[CONVEX M\(_fixtures/conformance:boom\)\] ${REQUEST}\nUncaught Error: boom\n(${FRAME})+\n  Called by client$`),
    );
    const overHttp = await failure(alice.http.mutation(fixtures.boom, {}));
    expect(overHttp.message).toMatch(new RegExp(String.raw`^${REQUEST}\nUncaught Error: boom\n(${FRAME})+$`));

    const action = await failure(alice.client.action(fixtures.boomAction, {}));
    expect(action.message).toMatch(new RegExp(String.raw`^\[CONVEX A\(_fixtures/conformance:boomAction\)\] ${REQUEST}\nUncaught Error: action boom\n`));

    const subscription = watch(alice.client, fixtures.boomQuery);
    await eventually(() => subscription.errors.length > 0, () => "the query to fail");
    expect(subscription.errors[0].message).toMatch(new RegExp(String.raw`${REQUEST}\nUncaught Error: query boom\n${FRAME}`));
    subscription.stop();
  });

  test("a ConvexError is framed the same way and its data arrives unchanged", async () => {
    const data = { code: "CUSTOM", message: "Nope", count: 3 };
    for (const call of [() => alice.client.mutation(fixtures.fail, { data }), () => alice.http.mutation(fixtures.fail, { data })]) {
      const error = await failure(call);
      expect(error).toBeInstanceOf(ConvexError);
      expect((error as ConvexError<typeof data>).data).toEqual(data);
      expect(error.message).toMatch(new RegExp(String.raw`${REQUEST}\nUncaught ConvexError: \{"code":"CUSTOM","count":3,"message":"Nope"\}\n`));
    }
  });

  test("over HTTP a function's failure is a 200 `status: error` naming the Convex-Request-Id header's id", async () => {
    const response = await fetch(`${suite.backend.apiUrl}/api/mutation`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Convex-Request-Id": "0123456789abcdef" },
      body: JSON.stringify({ path: "_fixtures/conformance:boom", args: {}, format: "convex_encoded_json" }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; errorMessage: string };
    expect(body.status).toBe("error");
    expect(body.errorMessage).toMatch(/^\[Request ID: 0123456789abcdef\] Server Error\nUncaught Error: boom\n/);
  });

  test("a missing function and a wrong kind are Convex's own messages, not uncaught exceptions", async () => {
    expect((await failure(alice.http.query(anyApi.nothing.here, {}))).message).toMatch(
      new RegExp(String.raw`^${REQUEST}\nCould not find public function for 'nothing:here'\.\n$`),
    );
    expect((await failure(alice.http.query(anyApi.users.store as never, {}))).message).toMatch(
      new RegExp(String.raw`^${REQUEST}\nTrying to execute users\.js:store as Query, but it is defined as Mutation\.\n$`),
    );
  });
});

describe("argument and return value validation", () => {
  const validator = "v.object({count: v.optional(v.float64()), name: v.string(), tags: v.optional(v.array(v.string()))})";
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["a wrong type", { name: 5 }, "Value does not match validator.\nPath: .name\nValue: 5.0\nValidator: v.string()"],
    ["a wrong type in an array", { name: "a", tags: ["x", 3] }, "Value does not match validator.\nPath: .tags[1]\nValue: 3.0\nValidator: v.string()"],
    [
      "a missing field",
      {},
      "Object is missing the required field `name`. Consider wrapping the field validator in `v.optional(...)` if this is expected.\n\n" +
        `Object: {}\nValidator: ${validator}`,
    ],
    [
      "an extra field",
      { name: "a", extra: true },
      `Object contains extra field \`extra\` that is not in the validator.\n\nObject: {extra: true, name: "a"}\nValidator: ${validator}`,
    ],
  ];

  test.each(cases)("%s is an ArgumentValidationError in Convex's words, over both protocols", async (_, args, expected) => {
    for (const [call, prefix] of [
      [() => alice.http.mutation(fixtures.strictArgs, args), ""],
      [() => alice.client.mutation(fixtures.strictArgs, args), String.raw`\[CONVEX M\(_fixtures/conformance:strictArgs\)\] `],
    ] as const) {
      const { message } = await failure(call);
      expect(message).toMatch(new RegExp(`^${prefix}${REQUEST}\n`));
      expect(message.replace(new RegExp(`^${prefix}${REQUEST}\n`), "").replace(/\n {2}Called by client$/, "")).toBe(
        `ArgumentValidationError: ${expected}\n`,
      );
    }
  });

  test("an id of another table names both tables", async () => {
    const { message } = await failure(alice.http.query(anyApi.chat.sessions.get, { sessionId: alice.userId }));
    expect(message).toContain(
      `ArgumentValidationError: Found ID "${alice.userId}" from table \`users\`, which does not match the table name in validator \`v.id("chatSessions")\`.Path: .sessionId\n`,
    );
  });

  test("a return value that does not match `returns` is a ReturnsValidationError", async () => {
    const { message } = await failure(alice.http.query(fixtures.wrongReturn, {}));
    expect(message).toMatch(new RegExp(String.raw`^${REQUEST}\nReturnsValidationError: Value does not match validator\.\n\nValue: 42\.0\nValidator: v\.string\(\)\n$`));
  });
});

describe("HTTP actions", () => {
  test("an action that throws answers 500 with Convex's JSON error body", async () => {
    const response = await fetch(`${suite.backend.siteUrl}/_fixtures/throw`);
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/json");
    const body = (await response.json()) as { code: string; trace: string; data?: unknown };
    expect(body.code).toMatch(/^\[Request ID: [0-9a-f]{16}\] Server Error: Uncaught Error: http boom$/);
    expect(body.trace).toMatch(new RegExp(String.raw`^Uncaught Error: http boom\n(${FRAME})+$`));
    expect(body).not.toHaveProperty("data");
  });

  test("a ConvexError's data is in the body", async () => {
    const response = await fetch(`${suite.backend.siteUrl}/_fixtures/throw?kind=convex`);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { code: string; data?: unknown };
    expect(body.code).toMatch(/Server Error: Uncaught ConvexError: \{"code":"NOPE","count":2\}$/);
    expect(body.data).toEqual({ code: "NOPE", count: 2 });
  });

  test("an unrouted path is Convex's 404", async () => {
    const response = await fetch(`${suite.backend.siteUrl}/no/such/route`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("No matching routes found");
  });
});

describe("system table ids", () => {
  test.each(["get", "getAsUsers", "patch", "delete"] as const)(
    "`%s` with a scheduled function's id is refused: system tables are read through db.system",
    async (how) => {
      const { message } = await failure(alice.http.mutation(fixtures.useSystemId, { how }));
      expect(message).toMatch(
        new RegExp(String.raw`^${REQUEST}\nUncaught Error: System tables can only be accessed with db\.system\.\n`),
      );
    },
  );

  test("db.system.get reads it", async () => {
    expect(await alice.http.mutation(fixtures.useSystemId, { how: "system" })).toMatch(/idle/);
  });

  test("an id of one user table where another is named is refused with both names", async () => {
    const { message } = await failure(alice.http.mutation(fixtures.useSystemId, { how: "otherTable" }));
    expect(message).toContain('Uncaught Error: Invalid argument `id` for `db.get`: expected to be an Id<"users">, got Id<"counters"> instead.\n');
  });
});

describe("transient system errors (test hook)", () => {
  async function freshClient(name: string) {
    const session = await signedIn(suite.backend.apiUrl, name);
    suite.clients.push(session.client);
    return session;
  }

  test.each([
    ["occ", "OptimisticConcurrencyControlFailure"],
    ["overloaded", "CommitterFullError"],
  ] as const)(
    "%s over the WebSocket: the socket closes with 1013 and the code, the client re-sends, the mutation runs once",
    async (error, code) => {
      const { token } = await freshClient(`Retry ${error}`);
      const disconnects: string[] = [];
      const client = new ConvexClient(suite.backend.apiUrl, { logger: false, onServerDisconnectError: (m) => disconnects.push(m) });
      suite.clients.push(client);
      client.setAuth(async () => token);
      const balance = watch<Balance>(client, anyApi.credits.balance);
      await balance.until((b) => b.remaining === 100);
      await failNextMutations({ error, count: 1 });
      await client.mutation(fixtures.grantEachRun, {});
      expect(disconnects).toEqual([`WebSocket closed with code 1013: ${code}`]);
      await balance.until((b) => b.remaining === 101);
      expect(((await new ConvexHttpClient(suite.backend.apiUrl, { auth: token }).query(anyApi.credits.balance, {})) as Balance).remaining).toBe(101);
      balance.stop();
    },
  );

  test("over HTTP ConvexHttpClient surfaces Convex's 503 body, and the mutation did not run", async () => {
    const { http } = await freshClient("Http Overload");
    await failNextMutations({ error: "overloaded", count: 1 });
    const overloaded = await failure(http.mutation(fixtures.grantEachRun, {}));
    expect(JSON.parse(overloaded.message)).toEqual({
      code: "CommitterFullError",
      message: "Too many concurrent commits in a short period of time. Spread your writes out over time or throttle them to avoid errors.",
    });
    await failNextMutations({ error: "occ", count: 1, table: "users" });
    const conflict = await failure(http.mutation(fixtures.grantEachRun, {}));
    expect(JSON.parse(conflict.message)).toEqual({
      code: "OptimisticConcurrencyControlFailure",
      message:
        'Documents read from or written to the "users" table changed while this mutation was being run and on every subsequent retry. See https://docs.convex.dev/error#1',
    });
    expect(((await http.query(anyApi.credits.balance, {})) as Balance).remaining).toBe(100);
    await http.mutation(fixtures.grantEachRun, {});
    expect(((await http.query(anyApi.credits.balance, {})) as Balance).remaining).toBe(101);
  });
});
