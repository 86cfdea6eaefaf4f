import { useMutation } from "convex/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { errorCode } from "@/lib/errors";
import { api } from "../../../convex/_generated/api";
import { AuthLoading } from "./auth-loading";
import { forgetGuestToken, readGuestToken } from "./guest-token";

type Moved = { from: string; to: string }[];

/**
 * Right after sign-in: if this browser chatted as a guest, its chats move to
 * the account (guest.claim.claim, once however many tabs race) and the token
 * is forgotten. An open guest chat keeps its place under its new display id.
 * A failed claim never blocks the app; the token stays for the next sign-in
 * unless the server says it is spent.
 */
export function GuestClaimGate({ children }: { children: ReactNode }) {
  const claim = useMutation(api.guest.claim.claim);
  const [token] = useState(readGuestToken);
  const [done, setDone] = useState(token === null);
  const pending = useRef<Promise<unknown> | null>(null);

  useEffect(() => {
    if (!token) return;
    // The claim and what follows it happen once, even when StrictMode runs this effect twice.
    pending.current ??= claim({ guestToken: token }).then(
      (result) => {
        forgetGuestToken();
        if (result.status !== "none") followMovedChat(result.moved);
      },
      (error: unknown) => {
        const code = errorCode(error);
        if (code === "GUEST_TOKEN_CLAIMED" || code === "GUEST_TOKEN_INVALID") forgetGuestToken();
      },
    );
    let active = true;
    void pending.current.then(() => active && setDone(true));
    return () => {
      active = false;
    };
  }, [token, claim]);

  return done ? <>{children}</> : <AuthLoading label="Bringing your chats over…" />;
}

/**
 * The router has not mounted yet, so the address can still change under it:
 * a guest chat that is open goes to its new display id; any other guest
 * display id would now name a different chat of the account, so it becomes a new chat.
 */
function followMovedChat(moved: Moved) {
  const open = /^\/chat\/([^/]+)$/.exec(window.location.pathname)?.[1];
  if (!open) return;
  const to = moved.find((m) => m.from === open)?.to;
  window.history.replaceState(null, "", to ? `/chat/${to}` : "/chat");
}
