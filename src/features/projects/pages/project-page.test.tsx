import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { CreditGuardProvider } from "@/components/credits/credit-guard-provider";
import { Toaster } from "@/components/ui/toaster";
import { mutation, queryArgs, queryResolvers, queryResults, resetFakeConvex } from "@/test/fake-convex";
import { ProjectPage } from "./project-page";

vi.mock("convex/react", async () => (await import("@/test/fake-convex")).fakeConvexReact());

const now = Date.now();
const project = {
  _id: "p1",
  name: "Product launch",
  description: "Ship v2 in six weeks",
  source: "ai",
  createdAt: now,
  updatedAt: now,
  taskCount: 3,
  doneCount: 1,
};
const task = (id: string, title: string, status: string, order: number) => ({
  _id: id,
  projectId: "p1",
  title,
  status,
  order,
  createdAt: now,
  updatedAt: now,
});

function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>;
}

const tree = (path = "/projects/p1") => (
  <MemoryRouter initialEntries={[path]}>
    <Location />
    <CreditGuardProvider>
      <Routes>
        <Route path="/projects/:projectId" element={<ProjectPage />} />
        <Route path="/" element={<h1>Dashboard</h1>} />
      </Routes>
    </CreditGuardProvider>
    <Toaster />
  </MemoryRouter>
);

beforeEach(() => {
  resetFakeConvex();
  queryResults.set("credits:balance", {
    remaining: 40,
    allowance: 40,
    allowanceTotal: 100,
    purchased: 0,
    plan: "free",
    unlimited: false,
    resetsAt: Date.UTC(2031, 6, 1),
    level: "yellow",
  });
  queryResults.set("projects/projects:get", project);
  queryResults.set("projects/tasks:list", [
    task("t1", "Write the announcement", "done", 1),
    task("t2", "Record the demo", "in_progress", 2),
    task("t3", "Brief support", "todo", 3),
  ]);
  queryResults.set("projects/sources:list", []);
});

describe("project page", () => {
  test("shows the project, its progress and its tasks in order", () => {
    render(tree());
    expect(queryArgs.get("projects/projects:get")).toEqual({ projectId: "p1" });
    expect(screen.getByRole("heading", { level: 1, name: "Product launch" })).toBeInTheDocument();
    expect(screen.getByText("1 of 3 done")).toBeInTheDocument();
    const rows = screen.getAllByTestId("task-row");
    expect(rows.map((row) => row.dataset.status)).toEqual(["done", "in_progress", "todo"]);
    expect(rows[0]).toHaveTextContent("Write the announcement");
    expect(rows[1]).toHaveTextContent("Record the demo");
    expect(rows[2]).toHaveTextContent("Brief support");
  });

  test("an address by id settles on the project's readable address", async () => {
    queryResults.set("projects/projects:get", { ...project, displayId: "PJ-000004" });
    render(tree("/projects/p1"));
    expect(await screen.findByTestId("location")).toHaveTextContent("/projects/PJ-000004");
    expect(queryArgs.get("projects/projects:get")).toEqual({ projectId: "PJ-000004" });
  });

  test("settling on the readable address keeps the page (and an open menu) while the new query loads", async () => {
    // By id the project is loaded; by its display id the subscription is fresh and still loading.
    queryResolvers.set("projects/projects:get", (args) =>
      (args as { projectId: string }).projectId === "p1" ? { ...project, displayId: "PJ-000004" } : undefined,
    );
    render(tree("/projects/p1"));
    expect(await screen.findByTestId("location")).toHaveTextContent("/projects/PJ-000004");
    expect(queryArgs.get("projects/projects:get")).toEqual({ projectId: "PJ-000004" });
    expect(screen.getByRole("heading", { level: 1, name: "Product launch" })).toBeInTheDocument();
    expect(document.querySelector("[aria-busy=true]")).toBeNull();
  });

  test("says so when the project doesn't exist (or isn't yours)", () => {
    queryResults.set("projects/projects:get", null);
    render(tree());
    expect(screen.getByRole("heading", { name: "Project not found" })).toBeInTheDocument();
  });

  test("changes a task's status from its menu", async () => {
    const setStatus = mutation("projects/tasks:setStatus");
    render(tree());
    await userEvent.click(screen.getByRole("button", { name: /Change status of Brief support/ }));
    await userEvent.click(await screen.findByRole("menuitem", { name: /Done/ }));
    expect(setStatus).toHaveBeenCalledWith({ taskId: "t3", status: "done" });
  });

  test("the filter shows active or done tasks only", async () => {
    render(tree());
    await userEvent.click(screen.getByRole("tab", { name: "Done" }));
    expect(screen.getAllByTestId("task-row").map((row) => row.dataset.status)).toEqual(["done"]);
    await userEvent.click(screen.getByRole("tab", { name: "Active" }));
    expect(screen.getAllByTestId("task-row").map((row) => row.dataset.status)).toEqual(["in_progress", "todo"]);
  });

  test("adds a task and clears the box; a refusal keeps the text", async () => {
    const add = mutation("projects/tasks:add").mockResolvedValueOnce("t4");
    render(tree());
    const box = screen.getByLabelText("New task");
    await userEvent.type(box, "Update the docs{Enter}");
    expect(add).toHaveBeenCalledWith({ projectId: "p1", title: "Update the docs" });
    expect(box).toHaveValue("");

    add.mockRejectedValueOnce(new ConvexError({ code: "INVALID_TITLE", message: "too long" }));
    await userEvent.type(box, "Something{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("Please enter a title that isn't empty or too long.");
    expect(box).toHaveValue("Something");
  });

  test("renames a task in place", async () => {
    const rename = mutation("projects/tasks:rename");
    render(tree());
    await userEvent.click(screen.getByRole("button", { name: "Record the demo" }));
    const input = screen.getByLabelText("Task title");
    await userEvent.clear(input);
    await userEvent.type(input, "Record the launch demo{Enter}");
    expect(rename).toHaveBeenCalledWith({ taskId: "t2", title: "Record the launch demo" });
  });

  test("deleting the project asks first, then goes back to the dashboard", async () => {
    const remove = mutation("projects/projects:remove");
    render(tree());
    await userEvent.click(screen.getByRole("button", { name: "Project actions" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: /Delete project/ }));
    const dialog = await screen.findByRole("dialog", { name: "Delete this project?" });
    expect(dialog).toHaveTextContent("“Product launch” and its 3 tasks and pages will be deleted.");
    expect(remove).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete project" }));
    expect(remove).toHaveBeenCalledWith({ projectId: "p1" });
    expect(await screen.findByRole("heading", { name: "Dashboard" })).toBeInTheDocument();
  });
});

describe("pages from URLs", () => {
  test("lists attached pages with their source and excerpt", () => {
    queryResults.set("projects/sources:list", [
      { _id: "s1", url: "https://www.example.com/post", title: "Launch checklist", excerpt: "Start six weeks out.", createdAt: now },
    ]);
    render(tree());
    const row = screen.getByTestId("source-row");
    expect(row).toHaveTextContent("Launch checklist");
    expect(row).toHaveTextContent("example.com");
    expect(row).toHaveTextContent("Start six weeks out.");
    expect(within(row).getByRole("link")).toHaveAttribute("href", "https://www.example.com/post");
  });

  test("adding a page starts a job for this project; its failure says why and that credits came back", async () => {
    const start = mutation("projects/scrape:start").mockResolvedValue({ jobId: "j1" });
    const view = render(tree());
    const box = screen.getByLabelText("Add a page from a URL");
    await userEvent.type(box, "https://example.com/huge");
    await userEvent.click(screen.getByRole("button", { name: /Add · 5/ }));
    expect(start).toHaveBeenCalledWith({ projectId: "p1", url: "https://example.com/huge", clientRequestId: expect.any(String) });

    queryResults.set("projects/jobs:get", {
      _id: "j1",
      kind: "urlScrape",
      status: "failed",
      input: "https://example.com/huge",
      projectId: "p1",
      errorCode: "URL_TOO_LARGE",
      error: "That page is larger than 2 MB, the most that can be added.",
      createdAt: now,
      updatedAt: now,
    });
    view.rerender(tree());
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "That page is larger than 2 MB, the most that can be added. Your 5 credits were refunded.",
    );
    expect(box).toHaveValue("https://example.com/huge");
  });
});
