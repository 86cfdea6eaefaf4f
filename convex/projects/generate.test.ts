import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { setupTest, signIn, type TestConvex } from "../test.setup";
import { errorCode, ledgerOf } from "./assertions.testing";
import { plan, startModelServer, type ModelServer } from "./modelServer.testing";

let model: ModelServer;

beforeAll(async () => {
  model = await startModelServer();
});
afterAll(() => model.close());
beforeEach(() => {
  model.requests.length = 0;
  model.script = [];
  // Point the model layer at the scripted endpoint, whatever the machine has set.
  vi.stubEnv("AZURE_OPENAI_ENDPOINT", "");
  vi.stubEnv("OPENAI_BASE_URL", "");
  vi.stubEnv("HELM_OFFLINE_MODEL_URL", model.baseURL);
  return () => vi.unstubAllEnvs();
});

type User = Awaited<ReturnType<typeof signIn>>;

async function generate(t: TestConvex, user: User, prompt = "plan a product launch in 6 weeks") {
  const { jobId } = await user.mutation(api.projects.generate.start, {
    prompt,
    clientRequestId: crypto.randomUUID(),
  });
  await t.finishAllScheduledFunctions(() => {});
  return (await user.query(api.projects.jobs.get, { jobId }))!;
}

async function projectsOf(user: User) {
  return (await user.query(api.projects.projects.list, { paginationOpts: { numItems: 20, cursor: null } }))
    .page;
}

async function taskTitles(user: User, projectId: Id<"projects">) {
  const { page } = await user.query(api.projects.tasks.list, {
    projectId,
    paginationOpts: { numItems: 50, cursor: null },
  });
  return page.map((task) => task.title);
}


describe("AI project generation", () => {
  test("a valid answer becomes a project with its tasks, for 15 credits", async () => {
    model.script = [{ content: plan(4) }];
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const job = await generate(t, alice);
    expect(job).toMatchObject({ status: "succeeded", kind: "projectGeneration" });
    const [project] = await projectsOf(alice);
    expect(project).toMatchObject({
      _id: job.projectId,
      name: "Product launch",
      description: "Launch the product in six weeks.",
      source: "ai",
      taskCount: 4,
    });
    expect(await taskTitles(alice, project!._id)).toEqual(["Step 1", "Step 2", "Step 3", "Step 4"]);
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100", "debit:-15"]);
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]!.response_format).toEqual({ type: "json_object" });
    expect(model.requests[0]!.messages.at(-1)!.content).toBe("plan a product launch in 6 weeks");
  });

  test.each([
    ["not JSON", "Sure! Here is your plan: name=Launch", /not valid JSON/],
    ["too few tasks", plan(2), /tasks/],
    ["too many tasks", plan(16), /tasks/],
    ["no name", JSON.stringify({ description: "x", tasks: [{ title: "a" }, { title: "b" }, { title: "c" }] }), /name/],
  ])("an invalid answer (%s) is retried once with what was wrong", async (_label, bad, problem) => {
    model.script = [{ content: bad }, { content: plan(3, "Second try") }];
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const job = await generate(t, alice);
    expect(job.status).toBe("succeeded");
    expect((await projectsOf(alice)).map((p) => p.name)).toEqual(["Second try"]);
    expect(model.requests).toHaveLength(2);
    const retry = model.requests[1]!.messages;
    expect(retry.at(-2)).toMatchObject({ role: "assistant" });
    expect(retry.at(-1)!.role).toBe("user");
    expect(retry.at(-1)!.content).toMatch(problem);
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100", "debit:-15"]);
  });

  test("two invalid answers fail the job, create nothing and refund exactly once", async () => {
    model.script = [{ content: "{not json" }, { content: plan(1) }];
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const job = await generate(t, alice);
    expect(job).toMatchObject({ status: "failed", errorCode: "GENERATION_FAILED" });
    expect(job.error).toMatch(/couldn't produce a usable project plan/);
    expect(model.requests).toHaveLength(2);
    expect(await projectsOf(alice)).toEqual([]);
    expect(await t.run((ctx) => ctx.db.query("tasks").collect())).toEqual([]);
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100", "debit:-15", "refund:15"]);
    expect((await alice.query(api.credits.balance, {})).remaining).toBe(100);
  });

  test("a model error fails the job with a plain message and refunds", async () => {
    model.script = [{ status: 400, error: "bad request" }];
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const job = await generate(t, alice);
    expect(job).toMatchObject({ status: "failed", errorCode: "MODEL_ERROR" });
    expect(job.error).not.toMatch(/bad request/);
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100", "debit:-15", "refund:15"]);
  });

  test("no configured model fails and refunds", async () => {
    vi.stubEnv("HELM_OFFLINE_MODEL_URL", "");
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const job = await generate(t, alice);
    expect(job).toMatchObject({ status: "failed", errorCode: "MODEL_ERROR" });
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100", "debit:-15", "refund:15"]);
  });

  test.each([
    ["empty", "  "],
    ["too long", "p".repeat(2001)],
  ])("refuses an %s prompt without charging", async (_label, prompt) => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    expect(
      await errorCode(alice.mutation(api.projects.generate.start, { prompt, clientRequestId: "req-00000001" })),
    ).toBe("INVALID_ARGUMENT");
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100"]);
    expect(await t.run((ctx) => ctx.db.query("aiJobs").collect())).toEqual([]);
  });

  test("refuses when credits are short, writing nothing", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await t.run(async (ctx) => {
      const usage = await ctx.db.query("userUsage").first();
      await ctx.db.patch("userUsage", usage!._id, { creditsRemaining: 14 });
    });
    let error: unknown;
    try {
      await alice.mutation(api.projects.generate.start, { prompt: "plan a launch", clientRequestId: "req-00000002" });
    } catch (caught) {
      error = caught;
    }
    expect((error as { data: unknown }).data).toMatchObject({
      code: "INSUFFICIENT_CREDITS",
      required: 15,
      remaining: 14,
    });
    expect(await t.run((ctx) => ctx.db.query("aiJobs").collect())).toEqual([]);
  });

  test("the same request twice runs one job and charges once", async () => {
    model.script = [{ content: plan(3) }];
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const args = { prompt: "plan a launch", clientRequestId: "req-00000003" };
    const first = await alice.mutation(api.projects.generate.start, args);
    const second = await alice.mutation(api.projects.generate.start, args);
    expect(second).toEqual(first);
    await t.finishAllScheduledFunctions(() => {});
    expect(await projectsOf(alice)).toHaveLength(1);
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100", "debit:-15"]);
  });

  test("a malformed request id is refused", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    expect(
      await errorCode(alice.mutation(api.projects.generate.start, { prompt: "plan", clientRequestId: "x" })),
    ).toBe("INVALID_ARGUMENT");
  });
});
