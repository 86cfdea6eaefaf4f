import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, test, vi } from "vitest";
import { BackendRejectedScreen } from "./backend-rejected-screen";

describe("BackendRejectedScreen", () => {
  test("a refused token: names the account, what to check on the Convex side, and offers Sign out and Try again", async () => {
    const onSignOut = vi.fn();
    const onRetry = vi.fn();
    render(<BackendRejectedScreen reason="rejected" account="ada@example.com" onSignOut={onSignOut} onRetry={onRetry} />);
    const alert = screen.getByRole("alert");
    expect(screen.getByRole("heading", { name: "Helm's backend did not accept your sign-in" })).toBeInTheDocument();
    expect(alert).toHaveTextContent("You're signed in to Clerk as ada@example.com");
    expect(alert).toHaveTextContent("refused the token Clerk issued");
    expect(alert).toHaveTextContent("CLERK_JWT_ISSUER_DOMAIN is set on the Convex deployment");
    expect(alert).toHaveTextContent("VITE_CONVEX_URL");
    expect(alert).not.toHaveTextContent("JWT template named");

    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(onSignOut).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  test("no token from Clerk: points at the `convex` JWT template", () => {
    render(<BackendRejectedScreen reason="no-token" onSignOut={() => {}} onRetry={() => {}} />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Clerk signed you in, but Clerk did not issue a token");
    expect(alert).toHaveTextContent("a JWT template named convex exists");
    expect(alert).not.toHaveTextContent("CLERK_JWT_ISSUER_DOMAIN");
  });
});
