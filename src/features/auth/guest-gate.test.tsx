import { render, screen } from "@testing-library/react";
import { ConvexProvider } from "convex/react";
import { ConvexError } from "convex/values";
import { StrictMode } from "react";
import { afterEach, expect, test } from "vitest";
import { useOwnerArgs } from "@/lib/viewer";
import { GuestClaimGate } from "./guest-claim-gate";
import { GuestGate } from "./guest-gate";
import { readGuestToken } from "./guest-token";
import { fakeConvexClient } from "./test-fakes";

afterEach(() => {
  localStorage.clear();
  window.history.replaceState(null, "", "/");
});

function ShowsOwner() {
  const { guestToken } = useOwnerArgs();
  return <p>guest {guestToken}</p>;
}

const noop = () => {};

test("a visitor gets a 43-character token of its own, started once, and the app runs as that guest", async () => {
  const { convex, mutations, mutationArgs } = fakeConvexClient({ onMutation: async () => null });
  render(
    <StrictMode>
      <ConvexProvider client={convex}>
        <GuestGate signIn={noop} signUp={noop}>
          <ShowsOwner />
        </GuestGate>
      </ConvexProvider>
    </StrictMode>,
  );
  const token = readGuestToken();
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(await screen.findByText(`guest ${token}`)).toBeInTheDocument();
  expect(mutations).toEqual(["guest/identity:start"]);
  expect(mutationArgs).toEqual([{ guestToken: token }]);
});

test("a token an account already claimed is replaced by a new one", async () => {
  localStorage.setItem("helm.guestToken", "a".repeat(43));
  const { convex, mutationArgs } = fakeConvexClient({
    onMutation: async () => {
      if (mutationArgs.length === 1) throw new ConvexError({ code: "GUEST_TOKEN_CLAIMED", message: "spent" });
      return null;
    },
  });
  render(
    <ConvexProvider client={convex}>
      <GuestGate signIn={noop} signUp={noop}>
        <ShowsOwner />
      </GuestGate>
    </ConvexProvider>,
  );
  await screen.findByText(/^guest /);
  expect(readGuestToken()).not.toBe("a".repeat(43));
  expect(mutationArgs.map((a) => (a as { guestToken: string }).guestToken)).toEqual(["a".repeat(43), readGuestToken()]);
});

test("after sign-in the guest's chats are claimed once, the token forgotten, and the open chat follows its move", async () => {
  localStorage.setItem("helm.guestToken", "b".repeat(43));
  window.history.replaceState(null, "", "/chat/CH-000002");
  const { convex, mutations, mutationArgs } = fakeConvexClient({
    onMutation: async () => ({ status: "claimed", moved: [{ from: "CH-000002", to: "CH-000007" }] }),
  });
  render(
    <StrictMode>
      <ConvexProvider client={convex}>
        <GuestClaimGate>
          <p>The app</p>
        </GuestClaimGate>
      </ConvexProvider>
    </StrictMode>,
  );
  expect(await screen.findByText("The app")).toBeInTheDocument();
  expect(mutations).toEqual(["guest/claim:claim"]);
  expect(mutationArgs).toEqual([{ guestToken: "b".repeat(43) }]);
  expect(readGuestToken()).toBeNull();
  expect(window.location.pathname).toBe("/chat/CH-000007");
});

test("without a guest token there is nothing to claim", async () => {
  const { convex, mutations } = fakeConvexClient();
  render(
    <ConvexProvider client={convex}>
      <GuestClaimGate>
        <p>The app</p>
      </GuestClaimGate>
    </ConvexProvider>,
  );
  expect(screen.getByText("The app")).toBeInTheDocument();
  expect(mutations).toEqual([]);
});
