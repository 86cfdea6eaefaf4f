import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, test, vi } from "vitest";
import type { Id } from "../../../../convex/_generated/dataModel";
import { SessionItem } from "./session-item";

const session = { _id: "s1" as Id<"chatSessions">, displayId: "CH-000042", title: "Trip planning" };

function renderItem(props: Partial<Parameters<typeof SessionItem>[0]> = {}) {
  const onRename = vi.fn();
  const onDelete = vi.fn();
  render(
    <MemoryRouter>
      <ul>
        <SessionItem session={session} active={false} onRename={onRename} onDelete={onDelete} {...props} />
      </ul>
    </MemoryRouter>,
  );
  return { onRename, onDelete };
}

async function startRename() {
  await userEvent.click(screen.getByRole("button", { name: "Options for Trip planning" }));
  await userEvent.click(await screen.findByRole("menuitem", { name: "Rename" }));
  return screen.getByRole("textbox", { name: "Chat title" });
}

describe("SessionItem", () => {
  test("links to the chat by its display id and marks the active one", () => {
    renderItem({ active: true });
    const link = screen.getByRole("link", { name: "Trip planning" });
    expect(link).toHaveAttribute("href", "/chat/CH-000042");
    expect(link).toHaveAttribute("aria-current", "page");
  });

  test("inline rename: Enter saves the trimmed title", async () => {
    const { onRename } = renderItem();
    const input = await startRename();
    expect(input).toHaveFocus();
    await userEvent.clear(input);
    await userEvent.type(input, "  Lisbon in May  {Enter}");
    expect(onRename).toHaveBeenCalledWith("Lisbon in May");
    expect(screen.getByRole("link", { name: "Trip planning" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Options for Trip planning" })).toHaveFocus();
  });

  test("inline rename: Escape cancels without saving", async () => {
    const { onRename } = renderItem();
    const input = await startRename();
    await userEvent.type(input, " edited{Escape}");
    expect(onRename).not.toHaveBeenCalled();
    expect(screen.queryByRole("textbox")).not.toBeInTheDocument();
    // Focus goes back to the button that started the rename, not to <body>.
    expect(screen.getByRole("button", { name: "Options for Trip planning" })).toHaveFocus();
  });

  test("an empty or unchanged title is not saved", async () => {
    const { onRename } = renderItem();
    await userEvent.clear(await startRename());
    await userEvent.keyboard("{Enter}");
    await startRename();
    await userEvent.keyboard("{Enter}");
    expect(onRename).not.toHaveBeenCalled();
  });

  test("delete is offered in the menu", async () => {
    const { onDelete } = renderItem();
    await userEvent.click(screen.getByRole("button", { name: "Options for Trip planning" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Delete" }));
    expect(onDelete).toHaveBeenCalledTimes(1);
  });
});
