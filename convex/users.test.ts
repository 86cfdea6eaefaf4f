import { describe, expect, test } from "vitest";
import { api } from "./_generated/api";
import { identity, setupTest } from "./test.setup";

/**
 * Clerk's native Convex integration issues tokens with no name or email
 * claims; the app then passes what Clerk's user object says as hints.
 */
function bareIdentity(subject: string) {
  return { subject, issuer: "https://clerk.helm.test", tokenIdentifier: `https://clerk.helm.test|${subject}` };
}

describe("users.store: name and email", () => {
  test("from the token when it carries them; hints cannot override the token", async () => {
    const t = setupTest();
    const ada = t.withIdentity(identity("Ada"));
    await ada.mutation(api.users.store, { name: "Someone Else", email: "else@example.com" });
    expect(await ada.query(api.users.me, {})).toMatchObject({ name: "Ada", email: "ada@example.com" });
  });

  test("from the client's hints when the token has neither, and kept by later calls", async () => {
    const t = setupTest();
    const grace = t.withIdentity(bareIdentity("user_grace"));
    await grace.mutation(api.users.store, { name: "  Grace   Hopper ", email: "grace@example.com" });
    expect(await grace.query(api.users.me, {})).toMatchObject({ name: "Grace Hopper", email: "grace@example.com" });
    // Every authed mutation re-reads the identity: a token without a name must not reset it.
    await grace.mutation(api.chat.sessions.create, {});
    await grace.mutation(api.users.store, {});
    expect(await grace.query(api.users.me, {})).toMatchObject({ name: "Grace Hopper", email: "grace@example.com" });
  });

  test("without token claims or hints the user is 'Helm user'; an implausible email hint is ignored", async () => {
    const t = setupTest();
    const anon = t.withIdentity(bareIdentity("user_anon"));
    await anon.mutation(api.users.store, { email: "not an email" });
    const me = await anon.query(api.users.me, {});
    expect(me?.name).toBe("Helm user");
    expect(me?.email).toBeUndefined();
  });
});
