import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { CONTEXT_PAGE_CHARS, pagesForContext } from "../model/projects/projects";
import { setupTest, signIn, type TestConvex } from "../test.setup";
import { errorCode } from "./assertions.testing";

const page = { numItems: 50, cursor: null };

async function twoUsers() {
  const t = setupTest();
  const alice = await signIn(t, "Alice");
  const bob = await signIn(t, "Bob");
  return { t, alice, bob };
}

async function taskTitles(user: Awaited<ReturnType<typeof signIn>>, projectId: Id<"projects">) {
  const { page: tasks } = await user.query(api.projects.tasks.list, { projectId, paginationOpts: page });
  return tasks.map((task) => `${task.title}:${task.status}`);
}

describe("projects", () => {
  test("create, list newest activity first, rename, describe, delete", async () => {
    const { alice } = await twoUsers();
    const first = await alice.mutation(api.projects.projects.create, { name: "  Website\nrefresh " });
    const second = await alice.mutation(api.projects.projects.create, {
      name: "Hiring",
      description: "Two engineers by June",
    });
    let list = (await alice.query(api.projects.projects.list, { paginationOpts: page })).page;
    expect(list.map((p) => p.name)).toEqual(["Hiring", "Website refresh"]);
    expect(list[0]).toMatchObject({ description: "Two engineers by June", source: "manual", taskCount: 0 });

    await alice.mutation(api.projects.projects.rename, { projectId: first, name: "Site v2" });
    await alice.mutation(api.projects.projects.setDescription, { projectId: first, description: "New look" });
    list = (await alice.query(api.projects.projects.list, { paginationOpts: page })).page;
    expect(list.map((p) => p.name)).toEqual(["Site v2", "Hiring"]);
    expect(await alice.query(api.projects.projects.get, { projectId: first })).toMatchObject({
      name: "Site v2",
      description: "New look",
    });

    await alice.mutation(api.projects.projects.remove, { projectId: second });
    list = (await alice.query(api.projects.projects.list, { paginationOpts: page })).page;
    expect(list.map((p) => p._id)).toEqual([first]);
  });

  test("lists page through many projects without repeats", async () => {
    const { alice } = await twoUsers();
    for (let i = 0; i < 7; i++) {
      await alice.mutation(api.projects.projects.create, { name: `Project ${i}` });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let round = 0; round < 10; round++) {
      const result: { page: { name: string }[]; isDone: boolean; continueCursor: string } =
        await alice.query(api.projects.projects.list, { paginationOpts: { numItems: 3, cursor } });
      seen.push(...result.page.map((p) => p.name));
      if (result.isDone) break;
      cursor = result.continueCursor;
    }
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `Project ${i}`));
  });

  test.each([
    ["empty", "   ", "INVALID_NAME"],
    ["too long", "x".repeat(81), "INVALID_NAME"],
  ])("refuses a %s name without writing", async (_label, name, code) => {
    const { t, alice } = await twoUsers();
    expect(await errorCode(alice.mutation(api.projects.projects.create, { name }))).toBe(code);
    expect(await t.run((ctx) => ctx.db.query("projects").collect())).toEqual([]);
  });

  test("refuses an over-long description", async () => {
    const { alice } = await twoUsers();
    expect(
      await errorCode(
        alice.mutation(api.projects.projects.create, { name: "A", description: "d".repeat(2001) }),
      ),
    ).toBe("INVALID_ARGUMENT");
  });

  test("deleting a project removes its tasks and pages", async () => {
    const { t, alice } = await twoUsers();
    const projectId = await alice.mutation(api.projects.projects.create, { name: "Launch" });
    await alice.mutation(api.projects.tasks.add, { projectId, title: "Write copy" });
    await t.run(async (ctx) => {
      await ctx.db.insert("projectSources", {
        projectId,
        userId: alice.userId,
        url: "https://example.com/",
        title: "Example",
        excerpt: "Text",
        createdAt: 1,
      });
    });
    await alice.mutation(api.projects.projects.remove, { projectId });
    const left = await t.run(async (ctx) => ({
      tasks: await ctx.db.query("tasks").collect(),
      sources: await ctx.db.query("projectSources").collect(),
    }));
    expect(left).toEqual({ tasks: [], sources: [] });
  });
});

describe("tasks", () => {
  test("add in order, change status with progress counts, rename, delete", async () => {
    const { alice } = await twoUsers();
    const projectId = await alice.mutation(api.projects.projects.create, { name: "Launch" });
    const a = await alice.mutation(api.projects.tasks.add, { projectId, title: "Draft plan" });
    const b = await alice.mutation(api.projects.tasks.add, { projectId, title: "Book venue" });
    await alice.mutation(api.projects.tasks.add, { projectId, title: "Send invites" });

    await alice.mutation(api.projects.tasks.setStatus, { taskId: a, status: "done" });
    await alice.mutation(api.projects.tasks.setStatus, { taskId: b, status: "in_progress" });
    expect(await taskTitles(alice, projectId)).toEqual([
      "Draft plan:done",
      "Book venue:in_progress",
      "Send invites:todo",
    ]);
    expect(await alice.query(api.projects.projects.get, { projectId })).toMatchObject({
      taskCount: 3,
      doneCount: 1,
    });

    await alice.mutation(api.projects.tasks.rename, { taskId: b, title: "Book the venue" });
    await alice.mutation(api.projects.tasks.remove, { taskId: a });
    expect(await taskTitles(alice, projectId)).toEqual(["Book the venue:in_progress", "Send invites:todo"]);
    expect(await alice.query(api.projects.projects.get, { projectId })).toMatchObject({
      taskCount: 2,
      doneCount: 0,
    });
  });

  test("refuses empty and over-long titles", async () => {
    const { alice } = await twoUsers();
    const projectId = await alice.mutation(api.projects.projects.create, { name: "Launch" });
    expect(await errorCode(alice.mutation(api.projects.tasks.add, { projectId, title: " \n " }))).toBe(
      "INVALID_TITLE",
    );
    expect(
      await errorCode(alice.mutation(api.projects.tasks.add, { projectId, title: "t".repeat(201) })),
    ).toBe("INVALID_TITLE");
    expect(await taskTitles(alice, projectId)).toEqual([]);
  });
});

describe("ownership", () => {
  async function aliceProject(t: TestConvex) {
    const alice = await signIn(t, "Alice");
    const projectId = await alice.mutation(api.projects.projects.create, { name: "Secret plan" });
    const taskId = await alice.mutation(api.projects.tasks.add, { projectId, title: "Hidden task" });
    const sourceId = await t.run((ctx) =>
      ctx.db.insert("projectSources", {
        projectId,
        userId: alice.userId,
        url: "https://example.com/",
        title: "Example",
        excerpt: "Text",
        createdAt: 1,
      }),
    );
    return { alice, projectId, taskId, sourceId };
  }

  test("another user sees nothing and can change nothing", async () => {
    const t = setupTest();
    const { alice, projectId, taskId, sourceId } = await aliceProject(t);
    const bob = await signIn(t, "Bob");

    expect((await bob.query(api.projects.projects.list, { paginationOpts: page })).page).toEqual([]);
    expect(await bob.query(api.projects.projects.get, { projectId })).toBeNull();
    const attempts = [
      () => bob.query(api.projects.tasks.list, { projectId, paginationOpts: page }),
      () => bob.query(api.projects.sources.list, { projectId }),
      () => bob.mutation(api.projects.projects.rename, { projectId, name: "Mine" }),
      () => bob.mutation(api.projects.projects.setDescription, { projectId, description: "x" }),
      () => bob.mutation(api.projects.projects.remove, { projectId }),
      () => bob.mutation(api.projects.tasks.add, { projectId, title: "Sneaky" }),
      () => bob.mutation(api.projects.tasks.setStatus, { taskId, status: "done" }),
      () => bob.mutation(api.projects.tasks.rename, { taskId, title: "Renamed" }),
      () => bob.mutation(api.projects.tasks.remove, { taskId }),
      () => bob.mutation(api.projects.sources.remove, { sourceId }),
    ];
    for (const attempt of attempts) expect(await errorCode(attempt())).toBe("NOT_FOUND");

    expect(await alice.query(api.projects.projects.get, { projectId })).toMatchObject({
      name: "Secret plan",
      taskCount: 1,
      doneCount: 0,
    });
    expect(await taskTitles(alice, projectId)).toEqual(["Hidden task:todo"]);
    expect(await alice.query(api.projects.sources.list, { projectId })).toHaveLength(1);
  });

  test("projects have readable addresses per user; old ids still open them; another user's address finds nothing", async () => {
    const { t, alice, bob } = await twoUsers();
    const first = await alice.mutation(api.projects.projects.create, { name: "Garden" });
    const second = await alice.mutation(api.projects.projects.create, { name: "Kitchen" });
    const his = await bob.mutation(api.projects.projects.create, { name: "Boat" });
    expect(await alice.query(api.projects.projects.get, { projectId: "PJ-000002" })).toMatchObject({ _id: second, displayId: "PJ-000002" });
    expect(await alice.query(api.projects.projects.get, { projectId: first })).toMatchObject({ name: "Garden", displayId: "PJ-000001" });
    // Bob numbers his own projects; Alice's PJ-000001 is not his.
    expect(await bob.query(api.projects.projects.get, { projectId: "PJ-000001" })).toMatchObject({ _id: his, name: "Boat" });
    expect(await bob.query(api.projects.projects.get, { projectId: "PJ-000002" })).toBeNull();
    // A project made before addresses existed is opened by its id.
    await t.run((ctx) => ctx.db.patch("projects", first, { displayId: undefined }));
    expect(await alice.query(api.projects.projects.get, { projectId: first })).toMatchObject({ name: "Garden" });
    expect((await alice.query(api.projects.projects.get, { projectId: first }))?.displayId).toBeUndefined();
  });

  test("missing and malformed ids look like foreign ones", async () => {
    const t = setupTest();
    const { alice, projectId, taskId } = await aliceProject(t);
    await alice.mutation(api.projects.projects.remove, { projectId });
    expect(await alice.query(api.projects.projects.get, { projectId })).toBeNull();
    expect(await alice.query(api.projects.projects.get, { projectId: "not-an-id" })).toBeNull();
    expect(await errorCode(alice.mutation(api.projects.tasks.setStatus, { taskId, status: "done" }))).toBe(
      "NOT_FOUND",
    );
    expect(await errorCode(alice.mutation(api.projects.projects.rename, { projectId, name: "X" }))).toBe(
      "NOT_FOUND",
    );
  });

  test("signed-out callers are refused", async () => {
    const t = setupTest();
    const { projectId } = await aliceProject(t);
    expect(await errorCode(t.query(api.projects.projects.list, { paginationOpts: page }))).toBe(
      "UNAUTHENTICATED",
    );
    expect(await errorCode(t.mutation(api.projects.projects.remove, { projectId }))).toBe("UNAUTHENTICATED");
  });

  test("jobs are private too", async () => {
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const bob = await signIn(t, "Bob");
    const jobId = await t.run((ctx) =>
      ctx.db.insert("aiJobs", {
        userId: alice.userId,
        kind: "projectGeneration",
        status: "pending",
        input: "plan",
        debitKey: "k",
        createdAt: 1,
        updatedAt: 1,
      }),
    );
    expect(await bob.query(api.projects.jobs.get, { jobId })).toBeNull();
    expect(await bob.query(api.projects.jobs.recent, {})).toEqual([]);
    expect((await alice.query(api.projects.jobs.recent, {})).map((j) => j._id)).toEqual([jobId]);
  });
});

describe("pages for the chat's context", () => {
  test("gives the newest few pages of the user's own projects, clipped", async () => {
    const { t, alice, bob } = await twoUsers();
    const projectId = await alice.mutation(api.projects.projects.create, { name: "Research" });
    const bobProject = await bob.mutation(api.projects.projects.create, { name: "Bob's" });
    await t.run(async (ctx) => {
      for (let i = 0; i < 7; i++) {
        await ctx.db.insert("projectSources", {
          projectId,
          userId: alice.userId,
          url: `https://example.com/${i}`,
          title: `Page ${i}`,
          excerpt: `Text ${i} `.repeat(200),
          createdAt: i,
        });
      }
      await ctx.db.insert("projectSources", {
        projectId: bobProject,
        userId: bob.userId,
        url: "https://bob.example/",
        title: "Bob's page",
        excerpt: "private",
        createdAt: 99,
      });
    });
    const pages = await t.run((ctx) => pagesForContext(ctx, alice.userId));
    expect(pages.map((page) => page.title)).toEqual(["Page 6", "Page 5", "Page 4", "Page 3", "Page 2"]);
    expect(pages.every((page) => page.projectId === projectId)).toBe(true);
    expect(pages[0]!.excerpt.length).toBe(CONTEXT_PAGE_CHARS);
    expect(pages[0]!.excerpt.endsWith("…")).toBe(true);
  });
});

describe("page size", () => {
  test("a client asking for a huge page still reads at most 100 projects or tasks", async () => {
    const { alice } = await twoUsers();
    const projectId = await alice.mutation(api.projects.projects.create, { name: "Big" });
    for (let i = 0; i < 150; i++) {
      await alice.mutation(api.projects.tasks.add, { projectId, title: `task ${i}` });
    }
    for (let i = 0; i < 150; i++) {
      await alice.mutation(api.projects.projects.create, { name: `project ${i}` });
    }
    const huge = { numItems: 10_000, cursor: null };

    const projects = await alice.query(api.projects.projects.list, { paginationOpts: huge });
    expect(projects.page).toHaveLength(100);
    expect(projects.isDone).toBe(false);
    const tasks = await alice.query(api.projects.tasks.list, { projectId, paginationOpts: huge });
    expect(tasks.page).toHaveLength(100);
    expect(tasks.isDone).toBe(false);
  });
});
