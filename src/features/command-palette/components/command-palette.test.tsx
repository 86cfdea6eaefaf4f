import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation } from "react-router";
import { useState } from "react";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { queryArgs, queryResults, resetFakeConvex } from "@/test/fake-convex";
import { CommandPalette } from "./command-palette";

vi.mock("convex/react", async () => (await import("@/test/fake-convex")).fakeConvexReact());

const PAGES = [
  { to: "/", label: "Dashboard" },
  { to: "/usage", label: "Usage" },
];

function Where() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

/** The palette as the shell holds it. */
function Shell() {
  const [open, setOpen] = useState(false);
  return <CommandPalette pages={PAGES} open={open} onOpenChange={setOpen} />;
}

function renderPalette() {
  render(
    <MemoryRouter initialEntries={["/"]}>
      <Shell />
      <Where />
    </MemoryRouter>,
  );
}

const combobox = () => screen.getByRole("combobox", { name: /search chats/i });
const options = () => within(screen.getByRole("listbox")).getAllByRole("option");
const selected = () => options().find((option) => option.getAttribute("aria-selected") === "true");

beforeEach(() => {
  resetFakeConvex();
  Element.prototype.scrollIntoView = () => {};
  queryResults.set("chat/sessions:list", { page: [{ _id: "s1", displayId: "CH-000001", title: "Garden plans" }] });
  queryResults.set("projects/projects:list", { page: [{ _id: "p1", name: "Kitchen remodel" }] });
});

describe("command palette", () => {
  test("Ctrl+K opens a combobox over a listbox; arrows move the active option, Enter runs it", async () => {
    const user = userEvent.setup();
    renderPalette();
    expect(screen.queryByRole("combobox")).toBeNull();
    await user.keyboard("{Control>}k{/Control}");
    const input = combobox();
    expect(input).toHaveFocus();
    expect(input).toHaveAttribute("aria-expanded", "true");
    expect(input.getAttribute("aria-controls")).toBe(screen.getByRole("listbox").id);
    // Empty: actions first, then pages, recent chats and projects.
    expect(options().map((o) => o.textContent)).toEqual([
      expect.stringContaining("New chat"),
      expect.stringContaining("Export my data"),
      expect.stringContaining("Dashboard"),
      expect.stringContaining("Usage"),
      expect.stringContaining("Archived chats"),
      expect.stringContaining("Garden plans"),
      expect.stringContaining("Kitchen remodel"),
    ]);
    expect(input.getAttribute("aria-activedescendant")).toBe(selected()!.id);
    expect(selected()).toHaveTextContent("New chat");

    await user.keyboard("{ArrowUp}");
    expect(selected()).toHaveTextContent("Kitchen remodel");
    expect(input.getAttribute("aria-activedescendant")).toBe(selected()!.id);
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(selected()).toHaveTextContent("Export my data");
    await user.keyboard("{ArrowUp}{Enter}");
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/chat$/);
    expect(screen.queryByRole("combobox")).toBeNull();
  });

  test("typing searches messages on the server and shows the matched words marked; Enter opens the chat at the message", async () => {
    const user = userEvent.setup();
    queryResults.set("chat/search:find", {
      chats: [],
      messages: [
        {
          messageId: "m9",
          sessionId: "s2",
          displayId: "CH-000042",
          title: "Jam recipes",
          role: "assistant",
          createdAt: 1,
          archived: true,
          snippet: { text: "…boil the kumquats for 20 minutes", highlights: [{ start: 10, end: 18 }] },
        },
      ],
    });
    renderPalette();
    await user.click(screen.getByRole("button", { name: /search/i }));
    await user.type(combobox(), "kumqu");
    await waitFor(() => expect(queryArgs.get("chat/search:find")).toEqual({ text: "kumqu" }));
    const message = await screen.findByRole("option", { name: /Jam recipes/ });
    expect(message.querySelector("mark")?.textContent).toBe("kumquats");
    expect(message).toHaveTextContent("Archived");
    // Pages and chats that don't match the text are gone.
    expect(options().map((o) => o.textContent)).toEqual([expect.stringContaining("Jam recipes")]);
    await user.keyboard("{Enter}");
    expect(screen.getByTestId("location")).toHaveTextContent("/chat/CH-000042?message=m9");
  });

  test("Escape closes the palette and focus returns to the search button", async () => {
    const user = userEvent.setup();
    renderPalette();
    const button = screen.getByRole("button", { name: /search/i });
    await user.click(button);
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("combobox")).toBeNull();
    expect(button).toHaveFocus();
  });
});
