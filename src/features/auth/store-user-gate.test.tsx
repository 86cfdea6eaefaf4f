import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexProvider } from "convex/react";
import { ConvexError } from "convex/values";
import { StrictMode } from "react";
import { expect, test } from "vitest";
import { StoreUserGate } from "./store-user-gate";
import { fakeConvexClient } from "./test-fakes";

test("waits for users.store, calling it once even in StrictMode, before rendering the app", async () => {
  let finish!: (id: string) => void;
  const { convex, mutations } = fakeConvexClient({ onMutation: () => new Promise((resolve) => (finish = resolve)) });
  render(
    <StrictMode>
      <ConvexProvider client={convex}>
        <StoreUserGate>
          <p>The app</p>
        </StoreUserGate>
      </ConvexProvider>
    </StrictMode>,
  );
  expect(screen.getByText("Setting up your workspace…")).toBeInTheDocument();
  expect(screen.queryByText("The app")).toBeNull();
  finish("user-1");
  expect(await screen.findByText("The app")).toBeInTheDocument();
  expect(mutations).toEqual(["users:store"]);
});

test("a failure is explained and can be retried", async () => {
  let calls = 0;
  const { convex } = fakeConvexClient({
    onMutation: async () => {
      calls += 1;
      if (calls === 1) throw new ConvexError({ code: "UNAUTHENTICATED", message: "Please sign in to continue." });
      return "user-1";
    },
  });
  render(
    <ConvexProvider client={convex}>
      <StoreUserGate>
        <p>The app</p>
      </StoreUserGate>
    </ConvexProvider>,
  );
  expect(await screen.findByRole("alert")).toHaveTextContent("We couldn't set up your account");
  await userEvent.click(screen.getByRole("button", { name: "Try again" }));
  expect(await screen.findByText("The app")).toBeInTheDocument();
  expect(calls).toBe(2);
});
