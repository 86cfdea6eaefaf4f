import { renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { DevAuthProvider, useDevConvexAuth } from "./dev-auth";

const wrapper = ({ children }: { children: ReactNode }) => (
  <DevAuthProvider convexUrl="http://127.0.0.1:3290">{children}</DevAuthProvider>
);

let expiresIn = 600_000;
const fetchMock = vi.fn(async () => Response.json({ token: `t${fetchMock.mock.calls.length}`, expiresAt: Date.now() + expiresIn }));

beforeEach(() => {
  localStorage.clear();
  expiresIn = 600_000;
  fetchMock.mockClear();
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

test("signed out until a name is chosen", async () => {
  const { result } = renderHook(() => useDevConvexAuth(), { wrapper });
  expect(result.current).toMatchObject({ isLoading: false, isAuthenticated: false });
  expect(await result.current.fetchAccessToken({ forceRefreshToken: false })).toBeNull();
  expect(fetchMock).not.toHaveBeenCalled();
});

test("reuses a fresh token, and fetches a new one when forced or close to expiry", async () => {
  localStorage.setItem("helm.dev-auth.name", "Ada");
  const { result } = renderHook(() => useDevConvexAuth(), { wrapper });
  expect(result.current.isAuthenticated).toBe(true);
  const fetchToken = result.current.fetchAccessToken;
  expect(await fetchToken({ forceRefreshToken: false })).toBe("t1");
  expect(await fetchToken({ forceRefreshToken: false })).toBe("t1");
  expect(await fetchToken({ forceRefreshToken: true })).toBe("t2");
  expiresIn = 30_000;
  expect(await fetchToken({ forceRefreshToken: true })).toBe("t3");
  expect(await fetchToken({ forceRefreshToken: false })).toBe("t4");
  expect(fetchMock).toHaveBeenCalledTimes(4);
});

test("when the backend cannot be reached the token is null (signed out), not an exception", async () => {
  localStorage.setItem("helm.dev-auth.name", "Ada");
  fetchMock.mockImplementationOnce(async () => {
    throw new TypeError("fetch failed");
  });
  const { result } = renderHook(() => useDevConvexAuth(), { wrapper });
  expect(await result.current.fetchAccessToken({ forceRefreshToken: true })).toBeNull();
});
