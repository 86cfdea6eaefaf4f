import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { MemoryRouter, Route, Routes, useParams } from "react-router";
import { beforeEach, describe, expect, onTestFinished, test, vi } from "vitest";
import type { Balance } from "@/components/credits/balance";
import { CreditGuardProvider } from "@/components/credits/credit-guard-provider";
import { Toaster } from "@/components/ui/toaster";
import { mutation, queryResults, resetFakeConvex } from "@/test/fake-convex";
import { DashboardPage } from "./dashboard-page";

vi.mock("convex/react", async () => (await import("@/test/fake-convex")).fakeConvexReact());

// Radix's switch measures itself; jsdom has no ResizeObserver.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

const balance = (remaining: number): Balance => ({
  remaining,
  allowance: remaining,
  allowanceTotal: 100,
  purchased: 0,
  plan: "free",
  unlimited: false,
  resetsAt: Date.UTC(2031, 6, 1),
  level: remaining > 50 ? "green" : remaining >= 20 ? "yellow" : "red",
});

const page = <T,>(items: T[]) => ({ page: items, isDone: true, continueCursor: "" });
const now = Date.now();

function Chat() {
  return <h1>Chat {useParams().displayId}</h1>;
}

const tree = () => (
    <MemoryRouter initialEntries={["/"]}>
      <CreditGuardProvider>
        <Routes>
          <Route path="/" element={<DashboardPage />} />
          <Route path="/chat/:displayId" element={<Chat />} />
          <Route path="/projects/:projectId" element={<h1>Project page</h1>} />
        </Routes>
      </CreditGuardProvider>
      <Toaster />
    </MemoryRouter>
);

/** Renders the dashboard; `rerender(tree())` re-reads the fake queries, keeping state. */
function renderDashboard() {
  return render(tree());
}

beforeEach(() => {
  resetFakeConvex();
  queryResults.set("users:me", { _id: "u1", name: "Ada Lovelace" });
  queryResults.set("credits:balance", balance(82));
  queryResults.set(
    "chat/sessions:list",
    page([
      { _id: "s3", displayId: "CH-000003", title: "Launch checklist", createdAt: now, updatedAt: now - 5 * 60_000, messageCount: 4 },
      { _id: "s2", displayId: "CH-000002", title: "Hiring plan", createdAt: now, updatedAt: now - 3 * 3_600_000, messageCount: 2 },
      { _id: "s1", displayId: "CH-000001", title: "Trip ideas", createdAt: now, updatedAt: now - 3 * 86_400_000, messageCount: 6 },
    ]),
  );
  queryResults.set("projects/projects:list", []);
  queryResults.set("projects/jobs:recent", []);
});

describe("Quick Chat", () => {
  test("lists the three most recent chats with their last activity", () => {
    renderDashboard();
    const card = screen.getByRole("region", { name: "Quick Chat" });
    const links = within(card).getAllByRole("link").filter((link) => link.getAttribute("href")?.startsWith("/chat/"));
    expect(links.map((link) => link.getAttribute("href"))).toEqual(["/chat/CH-000003", "/chat/CH-000002", "/chat/CH-000001"]);
    expect(links[0]).toHaveTextContent("Launch checklist");
    expect(links[0]).toHaveTextContent("5m ago");
    expect(links[1]).toHaveTextContent("3h ago");
    expect(links[2]).toHaveTextContent("3d ago");
  });

  test("starts a new chat with the typed text and opens it", async () => {
    const send = mutation("chat/messages:send").mockResolvedValue({
      sessionId: "s9",
      displayId: "CH-000042",
      userMessageId: "m1",
      assistantMessageId: "m2",
    });
    renderDashboard();
    await userEvent.type(screen.getByLabelText("Start a new chat"), "Plan my week{Enter}");
    expect(await screen.findByRole("heading", { name: "Chat CH-000042" })).toBeInTheDocument();
    expect(send).toHaveBeenCalledTimes(1);
    const args = send.mock.calls[0]![0];
    expect(args).toEqual({ text: "Plan my week", includeContext: false, clientRequestId: expect.any(String) });
    expect(args).not.toHaveProperty("sessionId");
  });

  test("sends with the model picked in its own menu, which becomes the default", async () => {
    const send = mutation("chat/messages:send").mockResolvedValue({ displayId: "CH-000044" });
    const setDefault = mutation("chat/models:setDefault");
    queryResults.set("chat/models:list", {
      defaultId: "fast",
      models: [
        { id: "fast", label: "Fast", tier: "standard", family: "chat" },
        { id: "deep", label: "Deep", tier: "premium", family: "reasoning" },
      ],
    });
    const { rerender } = renderDashboard();
    const card = screen.getByRole("region", { name: "Quick Chat" });
    await userEvent.click(within(card).getByRole("button", { name: /Fast/ }));
    await userEvent.click(await screen.findByRole("menuitemradio", { name: /Deep/ }));
    expect(setDefault).toHaveBeenCalledWith({ modelId: "deep" });
    queryResults.set("chat/models:list", { ...(queryResults.get("chat/models:list") as object), defaultId: "deep" });
    rerender(tree());
    await userEvent.type(screen.getByLabelText("Start a new chat"), "Think hard{Enter}");
    expect(send.mock.calls[0]![0]).toMatchObject({ text: "Think hard", modelId: "deep" });
  });

  test("can include projects and tasks as context", async () => {
    const send = mutation("chat/messages:send").mockResolvedValue({ displayId: "CH-000043" });
    renderDashboard();
    await userEvent.click(screen.getByRole("switch"));
    await userEvent.type(screen.getByLabelText("Start a new chat"), "What's next?");
    await userEvent.click(screen.getByRole("button", { name: "Start chat" }));
    expect(send.mock.calls[0]![0]).toMatchObject({ text: "What's next?", includeContext: true });
  });

  test("keeps the text and says why when sending fails, and a retry reuses the request key", async () => {
    const send = mutation("chat/messages:send").mockRejectedValueOnce(
      new ConvexError({ code: "MESSAGE_TOO_LONG", message: "too long" }),
    );
    renderDashboard();
    const box = screen.getByLabelText("Start a new chat");
    await userEvent.type(box, "Hello there{Enter}");
    expect(await screen.findByText(/That message is too long/)).toBeInTheDocument();
    expect(box).toHaveValue("Hello there");
    send.mockResolvedValueOnce({ displayId: "CH-000044" });
    await userEvent.type(box, "{Enter}");
    expect(await screen.findByRole("heading", { name: "Chat CH-000044" })).toBeInTheDocument();
    const keys = send.mock.calls.map((call) => (call[0] as { clientRequestId: string }).clientRequestId);
    expect(keys[1]).toBe(keys[0]);
  });

  test("with too few credits it opens the blocking dialog and sends nothing", async () => {
    queryResults.set("credits:balance", balance(2));
    const send = mutation("chat/messages:send");
    renderDashboard();
    await userEvent.type(screen.getByLabelText("Start a new chat"), "Hi{Enter}");
    const dialog = await screen.findByRole("dialog", { name: "Not enough credits" });
    expect(dialog).toHaveTextContent("Sending a message costs 3 credits, and you have 2 credits left.");
    expect(send).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Start a new chat")).toHaveValue("Hi");
  });
});

describe("credits card", () => {
  test("shows the balance, how it splits, the next reset and a link to usage", () => {
    renderDashboard();
    const card = screen.getByRole("region", { name: "Credits" });
    expect(within(card).getByTestId("dashboard-balance")).toHaveTextContent("82");
    expect(card).toHaveTextContent("82 / 100");
    expect(card).toHaveTextContent("July 1, 2031");
    expect(within(card).getByRole("link", { name: /View usage/ })).toHaveAttribute("href", "/usage");
  });
});

describe("projects", () => {
  const project = {
    _id: "p1",
    name: "Website refresh",
    description: "New look for the marketing site",
    source: "ai",
    createdAt: now,
    updatedAt: now - 60_000,
    taskCount: 8,
    doneCount: 3,
  };

  test("lists projects with progress, linking to each", () => {
    queryResults.set("projects/projects:list", [project]);
    renderDashboard();
    const card = screen.getByTestId("project-card");
    expect(card).toHaveAttribute("href", "/projects/p1");
    expect(card).toHaveTextContent("Website refresh");
    expect(card).toHaveTextContent("3/8 done");
  });

  test("Generate with AI starts a job; its failure reads as a sentence with the refund", async () => {
    const start = mutation("projects/generate:start").mockResolvedValue({ jobId: "j1" });
    const view = renderDashboard();
    await userEvent.click(screen.getByRole("button", { name: /Generate with AI 15 credits/ }));
    await userEvent.type(screen.getByLabelText("What's the project?"), "Plan a product launch");
    await userEvent.click(screen.getByRole("button", { name: /Generate · 15 credits/ }));
    expect(start).toHaveBeenCalledWith({ prompt: "Plan a product launch", clientRequestId: expect.any(String) });
    expect(screen.queryByRole("dialog")).toBeNull();

    const job = { _id: "j1", kind: "projectGeneration", input: "Plan a product launch", createdAt: now, updatedAt: now };
    queryResults.set("projects/jobs:recent", [{ ...job, status: "running" }]);
    view.rerender(tree());
    expect(screen.getByTestId("job-row")).toHaveTextContent("Generating a project");

    queryResults.set("projects/jobs:recent", [
      { ...job, status: "failed", errorCode: "GENERATION_FAILED", error: "The AI couldn't produce a usable project plan." },
    ]);
    view.rerender(tree());
    const row = screen.getByTestId("job-row");
    expect(row).toHaveTextContent("Couldn't generate “Plan a product launch”");
    expect(row).toHaveTextContent("The AI couldn't produce a usable project plan. Your 15 credits were refunded.");
    await userEvent.click(within(row).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByTestId("job-row")).toBeNull();
  });

  test("Ctrl+Enter in the Generate prompt submits (the hint says so); plain Enter adds a line", async () => {
    vi.stubGlobal("matchMedia", (query: string) => ({ matches: query === "(pointer: fine)" }));
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    const start = mutation("projects/generate:start").mockResolvedValue({ jobId: "j3" });
    renderDashboard();
    await userEvent.click(screen.getByRole("button", { name: /Generate with AI 15 credits/ }));
    const prompt = screen.getByLabelText("What's the project?");
    expect(prompt).toHaveAccessibleDescription(/Enter to generate/);
    await userEvent.type(prompt, "Plan a launch{Enter}in 6 weeks");
    expect(start).not.toHaveBeenCalled();
    expect(prompt).toHaveValue("Plan a launch\nin 6 weeks");
    await userEvent.keyboard("{Control>}{Enter}{/Control}");
    expect(start).toHaveBeenCalledTimes(1);
    expect(start).toHaveBeenCalledWith({ prompt: "Plan a launch\nin 6 weeks", clientRequestId: expect.any(String) });
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  test("on a touch screen the Generate prompt doesn't mention a Ctrl key", async () => {
    renderDashboard();
    await userEvent.click(screen.getByRole("button", { name: /Generate with AI 15 credits/ }));
    expect(screen.getByLabelText("What's the project?")).not.toHaveAccessibleDescription(/Enter/);
    expect(screen.getByRole("dialog")).not.toHaveTextContent("Ctrl");
  });

  test("a finished job started here announces the new project", async () => {
    mutation("projects/generate:start").mockResolvedValue({ jobId: "j2" });
    const view = renderDashboard();
    await userEvent.click(screen.getByRole("button", { name: /Generate with AI 15 credits/ }));
    await userEvent.click(screen.getByRole("button", { name: "Plan a product launch in 6 weeks" }));
    await userEvent.click(screen.getByRole("button", { name: /Generate · 15 credits/ }));
    queryResults.set("projects/jobs:recent", [
      { _id: "j2", kind: "projectGeneration", input: "x", status: "succeeded", projectId: "p9", createdAt: now, updatedAt: now },
    ]);
    view.rerender(tree());
    expect(await screen.findByText("Project created")).toBeInTheDocument();
    expect(screen.queryByTestId("job-row")).toBeNull();
  });

  test("a paid action the balance can't cover opens the blocking dialog instead of its form", async () => {
    queryResults.set("credits:balance", balance(12));
    renderDashboard();
    await userEvent.click(screen.getByRole("button", { name: /Generate with AI 15 credits/ }));
    const dialog = await screen.findByRole("dialog", { name: "Not enough credits" });
    expect(dialog).toHaveTextContent("Generating a project costs 15 credits, and you have 12 credits left.");
    expect(screen.queryByLabelText("What's the project?")).toBeNull();
  });

  test("Add from URL keeps the address and explains a refusal", async () => {
    queryResults.set("projects/projects:list", [project]);
    const start = mutation("projects/scrape:start").mockRejectedValueOnce(
      new ConvexError({ code: "URL_NOT_ALLOWED", message: "private" }),
    );
    renderDashboard();
    await userEvent.click(screen.getByRole("button", { name: /Add from URL 5 credits/ }));
    await userEvent.type(screen.getByLabelText("Page address"), "http://10.0.0.1/");
    await userEvent.selectOptions(screen.getByLabelText("Add to"), "Website refresh");
    await userEvent.click(screen.getByRole("button", { name: /Add page · 5 credits/ }));
    expect(start).toHaveBeenCalledWith({ url: "http://10.0.0.1/", projectId: "p1", clientRequestId: expect.any(String) });
    expect(await screen.findByRole("alert")).toHaveTextContent("That address points to a private or local network");
    expect(screen.getByLabelText("Page address")).toHaveValue("http://10.0.0.1/");
  });

  test("Add from URL without a project makes a new one", async () => {
    const start = mutation("projects/scrape:start").mockResolvedValue({ jobId: "j3" });
    renderDashboard();
    await userEvent.click(screen.getByRole("button", { name: /Add from URL 5 credits/ }));
    await userEvent.type(screen.getByLabelText("Page address"), "example.com/post");
    await userEvent.click(screen.getByRole("button", { name: /Add page · 5 credits/ }));
    expect(start).toHaveBeenCalledWith({ url: "example.com/post", clientRequestId: expect.any(String) });
    await act(async () => {});
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
