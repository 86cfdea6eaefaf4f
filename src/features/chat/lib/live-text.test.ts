import { describe, expect, test } from "vitest";
import { LiveTextState } from "./live-text";

const group = (n: number, text: string) => ({ group: n, text });
const ended = (sealed: number, tail: string, status: "complete" | "error" | "stopped" = "complete") => ({ sealed, tail, status, creditsUsed: 3 });

describe("LiveTextState", () => {
  test("accumulates groups in order; the tail completes the text without a second copy", () => {
    const state = new LiveTextState();
    expect(state.apply(null)).toBeNull();
    expect(state.text).toBe("");
    state.apply(group(0, "Hello, "));
    state.apply(group(1, "wor"));
    expect(state.text).toBe("Hello, wor");
    state.apply(ended(10, "ld"));
    expect(state.final).toBe("Hello, world");
    expect(state.needsSettled).toBe(false);
  });

  test("a gap is reported once and filled; text never shows past a hole", () => {
    const state = new LiveTextState();
    state.apply(group(0, "a"));
    expect(state.apply(group(3, "d"))).toEqual({ from: 1, to: 2 });
    expect(state.text).toBe("a");
    state.fill(1, ["b", "c"]);
    expect(state.text).toBe("abcd");
  });

  test("subscribing mid-reply: the first result is a later group, and everything before it is fetched", () => {
    const state = new LiveTextState();
    expect(state.apply(group(5, "f"))).toEqual({ from: 0, to: 4 });
    expect(state.text).toBe("");
    state.fill(0, ["a", "b", "c", "d", "e"]);
    expect(state.text).toBe("abcdef");
  });

  test("a reply that ended while groups were missing asks for the settled text", () => {
    const state = new LiveTextState();
    state.apply(group(0, "a"));
    state.apply(group(2, "c"));
    state.apply(ended(3, "d"));
    expect(state.final).toBeNull();
    expect(state.needsSettled).toBe(true);
    state.fill(1, null);
    expect(state.needsSettled).toBe(true);
  });

  test("a retry starts over: streaming again after the end, or a different group 0", () => {
    const state = new LiveTextState();
    state.apply(group(0, "Failed pa"));
    state.apply(ended(9, ""));
    expect(state.final).toBe("Failed pa");
    state.apply(null);
    expect(state.text).toBe("");
    state.apply(group(0, "Second"));
    expect(state.text).toBe("Second");
    state.apply(group(0, "Other"));
    expect(state.text).toBe("Other");
  });

  test("the end result says how the reply ended, even when the text must be read settled; a retry forgets it", () => {
    const state = new LiveTextState();
    state.apply(group(0, "Par"));
    expect(state.ending).toBeNull();
    state.apply({ sealed: 3, tail: "", status: "error", error: "The model is unavailable.", creditsUsed: 0 });
    expect(state.ending).toEqual({ status: "error", error: "The model is unavailable.", creditsUsed: 0 });
    state.apply({ queued: true });
    expect(state.ending).toBeNull();
    state.apply(group(2, "late"));
    state.apply({ sealed: 9, tail: ".", status: "complete", tokens: { input: 5, output: 3 }, creditsUsed: 3, provider: "offline" });
    expect(state.needsSettled).toBe(true);
    expect(state.ending).toEqual({ status: "complete", tokens: { input: 5, output: 3 }, creditsUsed: 3, provider: "offline" });
  });

  test("a different end after an end: a retry ran to its end between two results, so its text is read, not the old one kept", () => {
    const state = new LiveTextState();
    state.apply(group(0, "Failed pa"));
    state.apply(ended(9, "", "error"));
    expect(state.final).toBe("Failed pa");
    // The same end again (a reconnect) changes nothing…
    state.apply(ended(9, "", "error"));
    expect(state.final).toBe("Failed pa");
    // …but another end is another run's.
    state.apply(ended(40, " and the rest."));
    expect(state.final).toBeNull();
    expect(state.needsSettled).toBe(true);
    expect(state.ending).toMatchObject({ status: "complete" });
  });

  test("an end taken after the mark has gone keeps no ending: the row shows its own", () => {
    const state = new LiveTextState();
    state.receive(group(0, "Hel"), true, false);
    state.receive(ended(3, "lo"), false, true);
    expect(state.final).toBe("Hello");
    expect(state.ending).toBeNull();
  });

  test("a reply whose text the groups cannot rebuild (sealed -1) is read settled", () => {
    const state = new LiveTextState();
    state.apply(ended(-1, ""));
    expect(state.final).toBeNull();
    expect(state.needsSettled).toBe(true);
  });

  test("the same result delivered again (a reconnect) changes nothing", () => {
    const state = new LiveTextState();
    state.apply(group(0, "ab"));
    state.apply(group(1, "cd"));
    expect(state.apply(group(1, "cd"))).toBeNull();
    expect(state.text).toBe("abcd");
  });

  test("a result is the followed reply's while it is marked; after that only its end, once its row settled", () => {
    const state = new LiveTextState();
    expect(state.receive(group(0, "Hel"), true, false)).toEqual({ gap: null, changed: true });
    // The mark moved on (another tab started a reply) while this row still streams: not about it.
    expect(state.receive(group(0, "Other"), false, false)).toEqual({ gap: null, changed: false });
    expect(state.text).toBe("Hel");
    // The update that settles the row brings its end.
    expect(state.receive(ended(3, "lo"), false, true).changed).toBe(true);
    expect(state.final).toBe("Hello");
  });

  test("a settled reply that gets another reply's result missed its end and reads its settled text", () => {
    const state = new LiveTextState();
    state.receive(group(0, "Hel"), true, false);
    expect(state.receive(group(0, "Other"), false, true)).toEqual({ gap: null, changed: true });
    expect(state.needsSettled).toBe(true);
    expect(state.text).toBe("Hel");
    expect(state.receive(group(1, "More"), false, true).changed).toBe(false);
  });
});
