import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { fakeConvexClient } from "@/features/auth/test-fakes";
import { useAuthSession } from "@/lib/auth-session";
import { AppProviders } from "./providers";

/*
 * Which sign-in the app uses is decided by configuration alone. Clerk cannot
 * be reached from tests, so @clerk/react is replaced by a component-level mock;
 * Convex's own ConvexProviderWithClerk/ConvexProviderWithAuth run for real
 * against a fake client.
 */

const clerk = vi.hoisted(() => ({
  auth: {
    isLoaded: true,
    isSignedIn: false,
    getToken: (_options?: unknown) => Promise.resolve<string | null>(null),
    sessionId: null as string | null,
    orgId: null,
    orgRole: null,
    sessionClaims: undefined,
  },
  user: null as null | { fullName: string | null; username: string | null; primaryEmailAddress: { emailAddress: string } | null },
  signOut: () => Promise.resolve(),
  publishableKeys: [] as string[],
}));

vi.mock("@clerk/react", () => ({
  ClerkProvider: ({ publishableKey, children }: { publishableKey: string; children: ReactNode }) => {
    clerk.publishableKeys.push(publishableKey);
    return <>{children}</>;
  },
  SignIn: () => <p>Clerk sign-in form</p>,
  useAuth: () => clerk.auth,
  useUser: () => ({ isLoaded: true, isSignedIn: clerk.auth.isSignedIn, user: clerk.user }),
  useClerk: () => ({ signOut: clerk.signOut }),
}));

function App() {
  const session = useAuthSession();
  return (
    <div>
      <p>The app ({session.mode}{session.devName ? `: ${session.devName}` : ""})</p>
      <button onClick={session.signOut}>Sign out</button>
    </div>
  );
}

beforeEach(() => {
  vi.stubEnv("VITE_CONVEX_URL", "http://127.0.0.1:3290");
  localStorage.clear();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  clerk.publishableKeys = [];
  clerk.auth = { ...clerk.auth, isSignedIn: false, sessionId: null };
  clerk.user = null;
});

describe("with VITE_CLERK_PUBLISHABLE_KEY (connected mode)", () => {
  beforeEach(() => vi.stubEnv("VITE_CLERK_PUBLISHABLE_KEY", "pk_test_helm"));

  test("signed out, Clerk's sign-in is shown and the app is not", async () => {
    const { convex, client } = fakeConvexClient();
    render(<AppProviders client={convex}><App /></AppProviders>);
    expect(await screen.findByText("Clerk sign-in form")).toBeInTheDocument();
    expect(clerk.publishableKeys).toContain("pk_test_helm");
    expect(screen.queryByText(/The app/)).toBeNull();
    expect(client.setAuth).not.toHaveBeenCalled();
  });

  test("signed in, Clerk's convex token reaches Convex, the user is stored, then the app renders", async () => {
    const getToken = vi.fn(async () => "clerk-jwt");
    clerk.auth = { ...clerk.auth, isSignedIn: true, sessionId: "sess_1", getToken };
    const signOut = vi.fn(async () => {});
    clerk.signOut = signOut;
    clerk.user = { fullName: "Ada Lovelace", username: null, primaryEmailAddress: { emailAddress: "ada@example.com" } };
    const { convex, tokens, mutations, mutationArgs } = fakeConvexClient({ accept: (token) => token === "clerk-jwt" });
    render(<AppProviders client={convex}><App /></AppProviders>);
    expect(await screen.findByText("The app (clerk)")).toBeInTheDocument();
    expect(getToken).toHaveBeenCalledWith({ template: "convex", skipCache: false });
    expect(tokens).toEqual(["clerk-jwt"]);
    expect(mutations).toEqual(["users:store"]);
    // Clerk's user object goes along as hints, for tokens without name or email claims.
    expect(mutationArgs).toEqual([{ name: "Ada Lovelace", email: "ada@example.com" }]);
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(signOut).toHaveBeenCalled();
  });

  test("when Convex refuses the Clerk token, a screen says so — not Clerk's sign-in, which would loop — and Sign out leaves", async () => {
    clerk.auth = { ...clerk.auth, isSignedIn: true, sessionId: "sess_2", getToken: async () => "wrong-issuer" };
    clerk.user = { fullName: null, username: "ada", primaryEmailAddress: { emailAddress: "ada@example.com" } };
    const signOut = vi.fn(async () => {
      clerk.auth = { ...clerk.auth, isSignedIn: false, sessionId: null };
    });
    clerk.signOut = signOut;
    const { convex, client } = fakeConvexClient({ accept: () => false });
    const { rerender } = render(<AppProviders client={convex}><App /></AppProviders>);
    const alert = await screen.findByRole("alert", {}, { timeout: 5000 });
    expect(alert).toHaveTextContent("Helm's backend did not accept your sign-in");
    expect(alert).toHaveTextContent("ada@example.com");
    expect(alert).toHaveTextContent("CLERK_JWT_ISSUER_DOMAIN");
    expect(screen.queryByText("Clerk sign-in form")).toBeNull();
    expect(client.mutation).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(signOut).toHaveBeenCalledTimes(1);
    rerender(<AppProviders client={convex}><App /></AppProviders>);
    expect(await screen.findByText("Clerk sign-in form")).toBeInTheDocument();
  });

  test("when Clerk issues no token for Convex (no `convex` JWT template), the screen says so", async () => {
    const getToken = vi.fn(async () => {
      throw new Error("No JWT template exists with name: convex");
    });
    clerk.auth = { ...clerk.auth, isSignedIn: true, sessionId: "sess_3", getToken };
    const { convex, client, tokens } = fakeConvexClient();
    render(<AppProviders client={convex}><App /></AppProviders>);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Clerk did not issue a token");
    expect(alert).toHaveTextContent("a JWT template named convex");
    expect(tokens).toEqual([null]);
    expect(client.mutation).not.toHaveBeenCalled();
  });
});

describe("without Clerk (offline mode)", () => {
  function stubTokenEndpoint() {
    const fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
      const { name } = JSON.parse(String(init.body)) as { name: string };
      return Response.json({ token: `token-for-${name}`, expiresAt: Date.now() + 600_000 });
    });
    vi.stubGlobal("fetch", fetchMock);
    return fetchMock;
  }

  test("the dev sign-in mints a token from the offline backend and stores the user", async () => {
    const fetchMock = stubTokenEndpoint();
    const { convex, tokens, mutations } = fakeConvexClient();
    render(<AppProviders client={convex}><App /></AppProviders>);
    expect(screen.getByText("Offline mode — dev sign-in")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Your name"), "Ada");
    await userEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(await screen.findByText("The app (dev: Ada)")).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledWith("http://127.0.0.1:3290/_helm/dev-auth/token", expect.objectContaining({ method: "POST" }));
    expect(tokens).toEqual(["token-for-Ada"]);
    expect(mutations).toEqual(["users:store"]);
    expect(localStorage.getItem("helm.dev-auth.name")).toBe("Ada");
  });

  test("a remembered name signs in straight away; signing out returns to the sign-in screen", async () => {
    stubTokenEndpoint();
    localStorage.setItem("helm.dev-auth.name", "Grace");
    const { convex } = fakeConvexClient();
    render(<AppProviders client={convex}><App /></AppProviders>);
    expect(await screen.findByText("The app (dev: Grace)")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByText("Offline mode — dev sign-in")).toBeInTheDocument();
    expect(localStorage.getItem("helm.dev-auth.name")).toBeNull();
  });

  test("if the backend rejects the token, the sign-in screen explains it", async () => {
    stubTokenEndpoint();
    localStorage.setItem("helm.dev-auth.name", "Grace");
    const { convex } = fakeConvexClient({ accept: () => false });
    render(<AppProviders client={convex}><App /></AppProviders>);
    expect(await screen.findByRole("alert")).toHaveTextContent(/did not accept the sign-in/);
    await waitFor(() => expect(screen.queryByText(/The app/)).toBeNull());
  });
});

test("without VITE_CONVEX_URL it says how to start Helm", () => {
  vi.stubEnv("VITE_CONVEX_URL", "");
  render(<AppProviders><App /></AppProviders>);
  expect(screen.getByRole("alert")).toHaveTextContent("npm run dev");
});
