import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import { DevSignInScreen } from "./dev-sign-in-screen";

describe("DevSignInScreen", () => {
  test("says plainly that this is the offline dev sign-in", () => {
    render(<DevSignInScreen onSignIn={() => {}} recent={[]} />);
    expect(screen.getByText("Offline mode — dev sign-in")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Sign in to Helm" })).toBeInTheDocument();
  });

  test("signs in with a typed name, tidied up", async () => {
    const onSignIn = vi.fn();
    render(<DevSignInScreen onSignIn={onSignIn} recent={[]} />);
    const button = screen.getByRole("button", { name: "Continue" });
    expect(button).toBeDisabled();
    await userEvent.type(screen.getByLabelText("Your name"), "  Ada   Lovelace ");
    expect(button).toBeEnabled();
    await userEvent.click(button);
    expect(onSignIn).toHaveBeenCalledWith("Ada Lovelace");
  });

  test("a blank name cannot be submitted, even with Enter", async () => {
    const onSignIn = vi.fn();
    render(<DevSignInScreen onSignIn={onSignIn} recent={[]} />);
    await userEvent.type(screen.getByLabelText("Your name"), "   {Enter}");
    expect(onSignIn).not.toHaveBeenCalled();
  });

  test("offers recent names for one-click sign-in", async () => {
    const onSignIn = vi.fn();
    render(<DevSignInScreen onSignIn={onSignIn} recent={["Grace Hopper", "Alan Turing"]} />);
    expect(screen.getByRole("region", { name: "Recent names" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /Alan Turing/ }));
    expect(onSignIn).toHaveBeenCalledWith("Alan Turing");
  });

  test("without recent names there is just the form", () => {
    render(<DevSignInScreen onSignIn={() => {}} recent={[]} />);
    expect(screen.queryByRole("region", { name: "Recent names" })).toBeNull();
  });

  test("shows why the last attempt failed", () => {
    render(<DevSignInScreen onSignIn={() => {}} recent={[]} error="The backend is down." />);
    expect(screen.getByRole("alert")).toHaveTextContent("The backend is down.");
  });

  test("names are limited to 60 characters", () => {
    render(<DevSignInScreen onSignIn={() => {}} recent={[]} />);
    expect(screen.getByLabelText("Your name")).toHaveAttribute("maxLength", "60");
  });
});
