import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, test, vi } from "vitest";
import { Dialog, DialogContent } from "./dialog";

function Opened() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Generate
      </button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent title="Generate a project">
          <textarea aria-label="Prompt" autoFocus />
        </DialogContent>
      </Dialog>
    </>
  );
}

describe("DialogContent", () => {
  test("a dialog opened from code gives focus back to its button, even when a field inside grabbed focus first", async () => {
    render(<Opened />);
    await userEvent.click(screen.getByRole("button", { name: "Generate" }));
    expect(await screen.findByRole("textbox", { name: "Prompt" })).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    await vi.waitFor(() => expect(screen.getByRole("button", { name: "Generate" })).toHaveFocus());
  });
});
